package dev.jqueue.plans;

import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.sql.Dialect;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.JobStore;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.state.ScheduledExecution;
import dev.jqueue.state.Sql;
import dev.jqueue.state.StateGuard;
import dev.jqueue.state.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hot-path statements of the stepwise engines (MySQL/MariaDB and SQLite) as the engine
 * sends them, with values from the seeded tables, and the rule their plans must keep: every
 * queue table read by key (primary key or unique job id), or, for the claim and the promotion,
 * by the ordered index whose order is the statement's order, never scanned, never sorted.
 */
final class StepwiseStatements {

    static final Set<String> QUEUE_TABLES = Set.of(Tables.JOBS, READY, SCHEDULED, CLAIMED, Tables.BLOCKED,
            Tables.FAILED);
    private static final Pattern TABLE = Pattern.compile("\\b(jqueue_[a-z_]+)(?: ([a-z])\\b)?");

    /** A statement, its bound values, and the table it must read through an ordered index (or null). */
    record Checked(String name, String sql, List<Object> values, String orderedTable, String orderedIndex) {
    }

    /**
     * How a plan reads one table: the index it uses (null: none), what is wrong with the way it
     * reads it in the database's own terms (null: a key or range read), and whether its rows are
     * sorted afterwards.
     */
    record Access(String table, String index, String misuse, boolean sorted) {
    }

    /** How a plan reads each table, and the plan as text to show with a problem. */
    record Explained(List<Access> accesses, String plan) {
    }

    /** EXPLAIN of one statement in one database's own form. */
    interface Explainer {
        Explained explain(Checked statement) throws SQLException;
    }

    private StepwiseStatements() {
    }

    /** The problems of every statement's plan in the database as it is now. */
    static List<String> problems(StatisticsState state, StepwisePlanDatabase database, Set<String> keys,
                                 Explainer explainer) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Checked statement : of(database.connection(), database.dialect())) {
            Explained explained = explainer.explain(statement);
            for (String problem : problems(statement, explained.accesses(), keys)) {
                problems.add(state + " / " + statement.name() + ": " + problem + "\n" + explained.plan());
            }
        }
        return problems;
    }

    static List<Checked> of(Connection connection, Dialect dialect) throws SQLException {
        List<Object> ready = values(connection, "SELECT job_id FROM " + READY + " ORDER BY id LIMIT 64");
        List<Object> claimed = values(connection, "SELECT job_id FROM " + CLAIMED + " ORDER BY id LIMIT 500");
        List<Object> readyRow = values(connection, "SELECT id FROM " + READY + " ORDER BY id LIMIT 1");
        List<Object> scheduledRow = values(connection, "SELECT id FROM " + SCHEDULED + " ORDER BY id LIMIT 1");
        Instant now = Instant.now();
        List<Object> paused = List.of("q1", "q2");
        List<Checked> checked = new ArrayList<>();
        for (String queues : List.of("*", "q3", "q*")) {
            QueueSelector.Entry entry = QueueSelector.parse(List.of(queues)).entries().getFirst();
            String index = entry.kind() == QueueSelector.Kind.EXACT ? "jqueue_re_b_queue_d_idx" : "jqueue_re_b_prio_d_idx";
            for (List<Object> excluded : List.of(List.of(), ready)) {
                for (List<Object> pausedQueues : List.of(List.of(), paused)) {
                    List<Object> values = new ArrayList<>();
                    values.add("default");
                    switch (entry.kind()) {
                        case EXACT -> values.add(entry.value());
                        case PREFIX -> values.add(QueueSelector.likePrefix(entry.value()));
                        case ALL -> { }
                    }
                    values.addAll(excluded);
                    values.addAll(pausedQueues);
                    values.add(64);
                    checked.add(new Checked("claim " + queues + " (" + excluded.size() + " excluded jobs, "
                            + pausedQueues.size() + " paused queues)",
                            ClaimedExecution.claimSelect(entry, pausedQueues.size(), excluded.size(), dialect), values,
                            READY, index));
                }
            }
        }
        checked.add(new Checked("consume ready row by id", Sql.deleteById(READY), readyRow, null, null));
        checked.add(new Checked("load 64 claimed jobs", JobStore.loadSelect(ready.size(), dialect),
                concat(ready, List.of("default")), null, null));
        checked.add(new Checked("invalid-state probe of 64 jobs", StateGuard.stateProbe(READY, "IN " + Sql.in(ready.size()), dialect),
                Collections.nCopies(5, ready).stream().flatMap(List::stream).toList(), null, null));
        checked.add(new Checked("lock 500 owned claims", ClaimedExecution.ownedClaimsSelect(claimed.size(), dialect), claimed,
                null, null));
        checked.add(new Checked("lock 500 failed jobs' claims", ClaimedExecution.claimsLockSelect(claimed.size(), dialect),
                claimed, null, null));
        checked.add(new Checked("finish a job by id", ClaimedExecution.finishUpdate(dialect),
                List.of(now, "null", now, claimed.getFirst()), null, null));
        checked.add(new Checked("consume a claim by job id", "DELETE FROM " + CLAIMED + " WHERE job_id = ?",
                List.of(claimed.getFirst()), null, null));
        checked.add(new Checked("select 500 due scheduled jobs", ScheduledExecution.dueSelect() + dialect.lockSkipLocked(),
                List.of("default", now, 500), SCHEDULED, "jqueue_se_b_due_d_idx"));
        checked.add(new Checked("consume a promoted row by id", Sql.deleteById(SCHEDULED),
                List.of(scheduledRow.getFirst()), null, null));
        return checked;
    }

    /** The statement prefixed with {@code explain}, with its values bound the way the engine binds them. */
    static PreparedStatement prepare(Connection connection, Dialect dialect, String explain, Checked statement)
            throws SQLException {
        PreparedStatement ps = connection.prepareStatement(explain + statement.sql());
        int index = 1;
        for (Object value : statement.values()) {
            switch (value) {
                case UUID id -> dialect.setUuid(ps, index, id);
                case Instant time -> dialect.setInstant(ps, index, time);
                case String text -> ps.setString(index, text);
                case Integer number -> ps.setInt(index, number);
                case Long number -> ps.setLong(index, number);
                default -> throw new IllegalArgumentException("cannot bind " + value);
            }
            index++;
        }
        return ps;
    }

    /** The tables a statement names, by their own name and by their alias. */
    static Map<String, String> tables(String sql) {
        Map<String, String> tables = new HashMap<>();
        Matcher matcher = TABLE.matcher(sql);
        while (matcher.find()) {
            tables.put(matcher.group(1), matcher.group(1));
            if (matcher.group(2) != null) {
                tables.put(matcher.group(2), matcher.group(1));
            }
        }
        return tables;
    }

    /** What is wrong with a statement's plan, given how it reads each table ({@code keys}: the indexes that are keys). */
    private static List<String> problems(Checked statement, List<Access> accesses, Set<String> keys) {
        List<String> problems = new ArrayList<>();
        boolean orderedRead = false;
        for (Access access : accesses) {
            if (!QUEUE_TABLES.contains(access.table())) {
                continue;
            }
            if (access.misuse() != null) {
                problems.add(access.misuse());
            } else if (access.table().equals(statement.orderedTable())) {
                if (statement.orderedIndex().equals(access.index())) {
                    orderedRead = true;
                } else {
                    problems.add("reads " + access.table() + " by " + access.index() + ", not by its ordered index "
                            + statement.orderedIndex());
                }
            } else if (access.index() == null || !keys.contains(access.index())) {
                problems.add("reads " + access.table() + " by " + access.index()
                        + " instead of by its primary key or unique job id");
            }
            if (access.sorted()) {
                problems.add("sorts rows read from " + access.table() + " instead of taking the index order");
            }
        }
        if (statement.orderedIndex() != null && !orderedRead) {
            problems.add("does not read " + statement.orderedTable() + " through " + statement.orderedIndex());
        }
        return problems;
    }

    private static List<Object> values(Connection connection, String query) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object value = rs.getObject(1);
                values.add(value instanceof Number number ? (Object) number.longValue() : UUID.fromString(rs.getString(1)));
            }
        }
        return values;
    }

    private static List<Object> concat(List<Object> first, List<Object> second) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
