package dev.jqueue.plans;

import dev.jqueue.plans.StepwiseStatements.Access;
import dev.jqueue.plans.StepwiseStatements.Checked;
import dev.jqueue.plans.StepwiseStatements.Explained;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pins the plans of the stepwise hot path on SQLite (the statements of
 * {@link MariaDbHotPathPlanTest}), on a new database file per statistics state (never
 * analyzed, or with sqlite_stat1 taken at the point the state names), with 100,000 finished
 * jobs retained. From {@code EXPLAIN QUERY PLAN}: every queue table is a {@code SEARCH} (never
 * a {@code SCAN}, never an automatic index), by its primary key or unique job id, or, for the
 * claim and the promotion, by the ordered index with no {@code USE TEMP B-TREE FOR ORDER BY};
 * the claimed jobs are loaded by the jobs' primary key, not by a backend index.
 */
class SqliteHotPathPlanTest extends HotPathPlanTest<SqlitePlanDatabase> {

    /**
     * The key indexes: rowids, the jobs' primary key (jobs is WITHOUT ROWID: its key index,
     * sqlite_autoindex_jqueue_jobs_1, is the table and shows as PRIMARY KEY) and the execution
     * tables' unique job ids.
     */
    private static final Set<String> KEYS = Set.of("INTEGER PRIMARY KEY", "PRIMARY KEY",
            "sqlite_autoindex_jqueue_jobs_1", "sqlite_autoindex_jqueue_ready_executions_1",
            "sqlite_autoindex_jqueue_scheduled_executions_1", "sqlite_autoindex_jqueue_claimed_executions_1",
            "sqlite_autoindex_jqueue_blocked_executions_1", "sqlite_autoindex_jqueue_failed_executions_1");
    private static final Pattern ACCESS = Pattern.compile(
            "^(SCAN|SEARCH) (\\S+)(?: AS (\\S+))?(?: USING (AUTOMATIC )?(?:PARTIAL )?(?:COVERING )?(?:INDEX (\\S+)|(INTEGER PRIMARY KEY|PRIMARY KEY)))?");

    @Override
    SqlitePlanDatabase open() {
        return new SqlitePlanDatabase();
    }

    @Override
    List<String> problems(StatisticsState state) throws SQLException {
        return StepwiseStatements.problems(state, database, KEYS, this::explain);
    }

    /** The detail lines of EXPLAIN QUERY PLAN, in plan order, and the table reads they name. */
    private Explained explain(Checked statement) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = StepwiseStatements.prepare(database.connection(), database.dialect(),
                "EXPLAIN QUERY PLAN ", statement);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lines.add(rs.getString("detail"));
            }
        }
        return new Explained(accesses(lines, StepwiseStatements.tables(statement.sql())), "  " + String.join("\n  ", lines));
    }

    /** Every SCAN or SEARCH of a table; a temporary B-tree for ORDER BY sorts the statement's rows. */
    private static List<Access> accesses(List<String> plan, Map<String, String> tables) {
        boolean sorted = plan.stream().anyMatch(line -> line.startsWith("USE TEMP B-TREE FOR") && line.contains("ORDER BY"));
        List<Access> accesses = new ArrayList<>();
        for (String line : plan) {
            Matcher matcher = ACCESS.matcher(line);
            if (!matcher.find()) {
                continue;
            }
            String alias = matcher.group(3) != null ? matcher.group(3) : matcher.group(2);
            String table = tables.getOrDefault(alias, tables.getOrDefault(matcher.group(2), matcher.group(2)));
            String index = matcher.group(5) != null ? matcher.group(5) : matcher.group(6);
            String misuse = null;
            if (matcher.group(1).equals("SCAN")) {
                misuse = "scans " + table + " (" + line + ") instead of searching it by key";
            } else if (matcher.group(4) != null) {
                misuse = "builds an automatic index on " + table + " (" + line + "), which reads the whole table";
            }
            accesses.add(new Access(table, index, misuse, sorted));
        }
        return accesses;
    }
}
