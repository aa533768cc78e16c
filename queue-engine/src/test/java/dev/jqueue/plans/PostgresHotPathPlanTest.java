package dev.jqueue.plans;

import dev.jqueue.sql.PostgresDialect;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.state.ScheduledExecution;
import dev.jqueue.state.StateGuard;
import dev.jqueue.state.Tables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the plans of PostgreSQL's hot-path statements (claim, completion, failure, promotion,
 * the invalid-state probe), in each statistics state, with 100,000 finished jobs retained:
 * every queue table is read by key or by the ordered index whose order is the claim order,
 * never scanned, never joined by hash or merge, never sorted. Both the custom plans (first
 * executions) and the generic plan (what a prepared statement settles on) are checked, with
 * the planner settings the engine pins for its transactions.
 */
class PostgresHotPathPlanTest extends HotPathPlanTest<PostgresPlanDatabase> {

    private static final Set<String> QUEUE_TABLES = Set.of(Tables.JOBS, Tables.READY, Tables.SCHEDULED, Tables.CLAIMED,
            Tables.BLOCKED, Tables.FAILED);
    /** Indexes whose order is a transition's order: read as ordered index scans, never through a bitmap. */
    private static final Set<String> ORDERED_INDEXES = Set.of("jqueue_re_b_prio_d_idx", "jqueue_re_b_queue_d_idx",
            "jqueue_se_b_due_d_idx");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A statement as the engine sends it, with the parameter types and sample values to plan it with. */
    private record Checked(String name, String sql, List<String> types, List<String> values, String orderedIndex) {
    }

    @Override
    PostgresPlanDatabase open() {
        return PostgresPlanDatabase.open();
    }

    @Override
    List<String> problems(StatisticsState state) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Checked statement : statements()) {
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                PlanNode plan = explain(statement, mode);
                for (String problem : problemsOf(statement, plan)) {
                    problems.add(state + " / " + statement.name() + " / " + mode + ": " + problem + "\n" + plan);
                }
            }
        }
        return problems;
    }

    /** The rule the test enforces, node by node. */
    private static List<String> problemsOf(Checked statement, PlanNode plan) {
        List<String> problems = new ArrayList<>();
        boolean orderedRead = false;
        for (PlanNode node : plan.all()) {
            boolean queueTable = node.relation() != null && QUEUE_TABLES.contains(node.relation());
            switch (node.type()) {
                case "Seq Scan", "Tid Range Scan" -> { // a Tid Scan reads rows by address: a key lookup
                    if (queueTable) {
                        problems.add("scans " + node.relation() + " (" + node.type() + ") instead of reading it by key");
                    }
                }
                case "Hash Join", "Merge Join", "Nested Loop", "Hash" ->
                        problems.add("joins (" + node.type() + "): hot-path statements address rows by key, not by join");
                case "Bitmap Index Scan" -> {
                    if (ordered(node.index())) {
                        problems.add("reads " + node.index() + " through a bitmap, which loses its order (a sort follows)");
                    }
                }
                case "Index Scan", "Index Only Scan" -> {
                    if (node.index() != null && node.index().equals(statement.orderedIndex())) {
                        orderedRead = true;
                    } else if (queueTable && ordered(node.index())) {
                        problems.add("reads " + node.index() + ", which is not this statement's order");
                    }
                }
                case "Sort", "Incremental Sort" -> {
                    for (PlanNode input : node.input()) {
                        if (input.relation() != null && QUEUE_TABLES.contains(input.relation())
                                && ordered(input.index())) {
                            problems.add("sorts rows read from " + input.relation() + " instead of taking the index order");
                        }
                    }
                }
                default -> { }
            }
        }
        if (statement.orderedIndex() != null && !orderedRead) {
            problems.add("does not read " + statement.orderedIndex() + " in index order");
        }
        return problems;
    }

    private static boolean ordered(String index) {
        return index != null && ORDERED_INDEXES.contains(index);
    }

    private List<Checked> statements() throws SQLException {
        String claimed = uuidArray("SELECT job_id FROM jqueue_claimed_executions ORDER BY id LIMIT 500");
        String ready = uuidArray("SELECT job_id FROM jqueue_ready_executions ORDER BY id LIMIT 64");
        String results = "'{" + String.join(",", java.util.Collections.nCopies(500, "null")) + "}'::text[]";
        QueueSelector.Entry all = QueueSelector.ALL.entries().getFirst();
        QueueSelector.Entry exact = QueueSelector.parse(List.of("q3")).entries().getFirst();
        QueueSelector.Entry prefix = QueueSelector.parse(List.of("q*")).entries().getFirst();
        List<String> claimTail = List.of("varchar", "int", "bigint", "timestamptz");
        List<String> claimValues = List.of("'default'", "64", "NULL", "now()");
        List<Checked> checked = new ArrayList<>();
        checked.add(new Checked("claim *", ClaimedExecution.claimStatement(new dev.jqueue.sql.PostgresDialect(), all, false), concat(List.of("varchar"), claimTail),
                concat(List.of("'default'"), claimValues), "jqueue_re_b_prio_d_idx"));
        checked.add(new Checked("claim q3", ClaimedExecution.claimStatement(new dev.jqueue.sql.PostgresDialect(), exact, false),
                concat(List.of("varchar", "varchar", "varchar", "varchar"), claimTail),
                concat(List.of("'default'", "'q3'", "'default'", "'q3'"), claimValues), "jqueue_re_b_queue_d_idx"));
        checked.add(new Checked("claim q*", ClaimedExecution.claimStatement(new dev.jqueue.sql.PostgresDialect(), prefix, false),
                concat(List.of("varchar", "varchar"), claimTail), concat(List.of("'default'", "'q%'"), claimValues),
                "jqueue_re_b_prio_d_idx"));
        checked.add(new Checked("claim * excluding invalid jobs", ClaimedExecution.claimStatement(new dev.jqueue.sql.PostgresDialect(), all, true),
                concat(List.of("varchar", "uuid[]"), claimTail), concat(List.of("'default'", ready), claimValues),
                "jqueue_re_b_prio_d_idx"));
        checked.add(new Checked("complete (finished jobs kept)", ClaimedExecution.completeStatement(true),
                List.of("uuid[]", "timestamptz", "text[]", "uuid[]", "timestamptz"),
                List.of(claimed, "now()", results, claimed, "now()"), null));
        checked.add(new Checked("complete (finished jobs deleted)", ClaimedExecution.completeStatement(false),
                List.of("uuid[]"), List.of(claimed), null));
        checked.add(new Checked("consume claims (failure)", ClaimedExecution.consumeStatement(), List.of("uuid[]"),
                List.of(claimed), null));
        checked.add(new Checked("promote due scheduled jobs", ScheduledExecution.promoteStatement(new dev.jqueue.sql.PostgresDialect()),
                List.of("varchar", "timestamptz", "int"), List.of("'default'", "now()", "500"), "jqueue_se_b_due_d_idx"));
        checked.add(new Checked("invalid-state probe", StateGuard.stateProbe(Tables.READY, "= ANY (?::uuid[])", new PostgresDialect()),
                List.of("uuid[]", "uuid[]", "uuid[]", "uuid[]", "uuid[]"), List.of(ready, ready, ready, ready, ready), null));
        return checked;
    }

    /** EXPLAIN of the statement as a prepared statement, in a transaction pinned the way the engine pins it. */
    private PlanNode explain(Checked statement, String planCacheMode) throws SQLException {
        Connection connection = database.connection();
        connection.setAutoCommit(false);
        try (Statement sql = connection.createStatement()) {
            new PostgresDialect().pinPlans(connection);
            sql.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
            sql.execute("PREPARE checked (" + String.join(", ", statement.types()) + ") AS " + numbered(statement.sql()));
            try (ResultSet rs = sql.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE checked ("
                    + String.join(", ", statement.values()) + ")")) {
                rs.next();
                JsonNode json = JSON.readTree(rs.getString(1));
                return PlanNode.of(json.get(0).get("Plan"));
            }
        } finally {
            connection.rollback(); // also forgets the prepared statement's settings
            try (Statement sql = connection.createStatement()) {
                sql.execute("DEALLOCATE ALL");
            }
            connection.setAutoCommit(true);
        }
    }

    /** JDBC's {@code ?} placeholders as PostgreSQL's {@code $1, $2, ...}. */
    static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('$').append(next++);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String uuidArray(String query) throws SQLException {
        try (Statement sql = database.connection().createStatement();
             ResultSet rs = sql.executeQuery("SELECT array_agg(job_id)::text FROM (" + query + ") x")) {
            rs.next();
            return "'" + rs.getString(1) + "'::uuid[]";
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
