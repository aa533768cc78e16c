package dev.jqueue.operations;

import static dev.jqueue.state.Tables.JOBS;

import dev.jqueue.state.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the jobs in the invalid state per queue: finished jobs that still have an execution
 * row, and unfinished jobs with no live row or more than one. It reads every unfinished job and
 * every execution row, so it is seconds at a million jobs: the exact {@link Stats#snapshot()}
 * runs it, the console and the metrics show the result of a background run instead
 * ({@code observability.InvalidStateChecks}).
 */
public final class InvalidJobs {

    private final BackendContext backend;

    public InvalidJobs(BackendContext backend) {
        this.backend = backend;
    }

    /** On its own connection; on PostgreSQL in a transaction with JIT off (its compilation alone was seconds), elsewhere without one. */
    public Map<String, Long> byQueue() {
        return backend.db.pinnedRead(this::byQueue, backend.dialect::withoutJit);
    }

    Map<String, Long> byQueue(Connection connection) throws SQLException {
        StringBuilder liveRows = new StringBuilder();
        for (String table : Tables.EXECUTIONS) {
            if (!liveRows.isEmpty()) {
                liveRows.append(" + ");
            }
            liveRows.append("(CASE WHEN EXISTS (SELECT 1 FROM ").append(table)
                    .append(" x WHERE x.job_id = j.id) THEN 1 ELSE 0 END)");
        }
        StringBuilder sql = new StringBuilder("SELECT queue_name, COUNT(*) AS n FROM (");
        for (String table : Tables.EXECUTIONS) {
            sql.append("SELECT j.id, j.queue_name FROM ").append(JOBS).append(" j JOIN ").append(table)
                    .append(" x ON x.job_id = j.id WHERE j.backend_alias = ? AND j.finished_at IS NOT NULL UNION ");
        }
        sql.append("SELECT j.id, j.queue_name FROM ").append(JOBS).append(" j WHERE j.backend_alias = ? ")
                .append("AND j.finished_at IS NULL AND (").append(liveRows).append(") <> 1) invalid GROUP BY queue_name");
        Map<String, Long> result = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            for (int i = 1; i <= Tables.EXECUTIONS.length + 1; i++) {
                ps.setString(i, backend.alias);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return result;
    }
}
