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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the plans of the stepwise hot path on MariaDB (claim select for every selector kind,
 * with and without paused queues and excluded jobs; the claimed jobs' load; the invalid-state
 * probe; the completion's claim lock, finish and claim delete; the promotion's select and
 * delete), in each statistics state, with 100,000 finished jobs retained. From
 * {@code EXPLAIN FORMAT=JSON}: no queue table read in full ({@code ALL}) or by a full index
 * scan ({@code index}) or through a join buffer; the claim and the promotion read their table
 * through the ordered index, with no filesort; everything else by primary key or unique job id.
 */
class MariaDbHotPathPlanTest extends HotPathPlanTest<MariaDbPlanDatabase> {

    /** The key indexes: primary keys and the execution tables' unique job ids. */
    private static final Set<String> KEYS = Set.of("PRIMARY", "jqueue_re_job_uniq", "jqueue_se_job_uniq",
            "jqueue_ce_job_uniq", "jqueue_bl_job_uniq", "jqueue_fe_job_uniq");
    /** Access types that read rows by key or by a range of an index. */
    private static final Set<String> KEY_READS = Set.of("system", "const", "eq_ref", "ref", "range", "unique_subquery");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    MariaDbPlanDatabase open() {
        return MariaDbPlanDatabase.open();
    }

    @Override
    List<String> problems(StatisticsState state) throws SQLException {
        return StepwiseStatements.problems(state, database, KEYS, this::explain);
    }

    private Explained explain(Checked statement) throws SQLException {
        try (PreparedStatement ps = StepwiseStatements.prepare(database.connection(), database.dialect(),
                "EXPLAIN FORMAT=JSON ", statement);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            JsonNode plan = JSON.readTree(rs.getString(1));
            List<Access> accesses = new ArrayList<>();
            collect(plan, StepwiseStatements.tables(statement.sql()), false, false, accesses);
            return new Explained(accesses, plan.toString());
        }
    }

    /**
     * Every table a plan reads, depth first: {@code "table"} objects, below a {@code filesort}
     * (sorted) or a {@code block-nl-join} (join buffer) or not. Aliases are resolved to tables.
     */
    private static void collect(JsonNode node, Map<String, String> tables, boolean sorted, boolean buffered,
                                List<Access> into) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, tables, sorted, buffered, into);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("table") && value.has("table_name")) {
                into.add(access(value, tables, sorted, buffered));
            }
            collect(value, tables, sorted || name.equals("filesort") || name.equals("read_sorted_file"),
                    buffered || name.equals("block-nl-join"), into);
        }
    }

    private static Access access(JsonNode table, Map<String, String> tables, boolean sorted, boolean buffered) {
        String alias = table.path("table_name").asString();
        String name = tables.getOrDefault(alias, alias);
        String type = table.path("access_type").asString();
        String key = table.has("key") ? table.get("key").asString() : null;
        String misuse = switch (type) {
            case "ALL" -> "scans " + name + " in full (access_type ALL)";
            case "index" -> "reads all of " + name + "'s index " + key + " (access_type index, a full index scan)";
            default -> KEY_READS.contains(type) ? null : "reads " + name + " by access_type " + type + ", not by key";
        };
        if (misuse == null && buffered) {
            misuse = "joins " + name + " through a join buffer instead of by key";
        }
        boolean filesort = sorted || table.path("using_filesort").asBoolean(false);
        return new Access(name, key, misuse, filesort);
    }
}
