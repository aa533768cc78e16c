package dev.jqueue.reads;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.RECURRING_EXECUTIONS;

import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Reads one job for its detail page. */
public final class JobDetails {

    private final Backend backend;

    public JobDetails(Backend backend) {
        this.backend = backend;
    }

    public Optional<JobDetail> find(UUID id) {
        Optional<TaskResult> result = backend.findResult(id);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        var context = backend.context();
        String sql = "SELECT " + context.dialect.jsonText("j.payload") + " AS payload_text, j.concurrency_key, "
                + "j.concurrency_limit, j.concurrency_duration, j.concurrency_on_conflict, b.expires_at, f.retry_at, "
                + "re.task_key, re.run_at, u.unique_key FROM " + JOBS + " j LEFT JOIN " + BLOCKED + " b ON b.job_id = j.id LEFT JOIN "
                + FAILED + " f ON f.job_id = j.id LEFT JOIN " + RECURRING_EXECUTIONS + " re ON re.job_id = j.id "
                + "LEFT JOIN " + dev.jqueue.state.Tables.UNIQUE_KEYS + " u ON u.job_id = j.id AND u.backend_alias = j.backend_alias "
                + "WHERE j.id = ? AND j.backend_alias = ?";
        return context.db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                context.dialect.setUuid(ps, 1, id);
                ps.setString(2, context.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    JsonNode payload = context.codec.mapper().readTree(rs.getString("payload_text"));
                    JsonNode args = payload.get("args");
                    String argumentsJson = context.codec.mapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsString(args == null ? context.codec.mapper().createArrayNode() : args);
                    Integer limit = nullableInt(rs, "concurrency_limit");
                    Integer duration = nullableInt(rs, "concurrency_duration");
                    return Optional.of(new JobDetail(result.get(), argumentsJson, rs.getString("concurrency_key"), limit,
                            duration, rs.getString("concurrency_on_conflict"), context.dialect.getInstant(rs, "expires_at"),
                            context.dialect.getInstant(rs, "retry_at"), rs.getString("task_key"),
                            context.dialect.getInstant(rs, "run_at"), rs.getString("unique_key")));
                }
            }
        });
    }

    private static Integer nullableInt(ResultSet rs, String column) throws java.sql.SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
