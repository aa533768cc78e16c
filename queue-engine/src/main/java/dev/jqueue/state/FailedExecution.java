package dev.jqueue.state;

import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;

import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code jqueue_failed_executions}: jobs whose last run failed, with the error. */
public final class FailedExecution extends ExecutionTable {

    /** The recorded error of a failure. */
    public record Failure(UUID jobId, String exceptionClass, String message, String stackTrace) {
    }

    public FailedExecution(QueueDatabase db, String backend) {
        super(db, backend, FAILED);
    }

    public void insert(Connection connection, List<Failure> failures, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + FAILED
                + " (job_id, exception_class, message, traceback, retry_at, created_at) VALUES (?, ?, ?, ?, NULL, ?)")) {
            for (Failure failure : failures) {
                dialect.setUuid(ps, 1, failure.jobId());
                ps.setString(2, truncate(failure.exceptionClass(), 255));
                ps.setString(3, failure.message() == null ? "" : failure.message());
                ps.setString(4, failure.stackTrace() == null ? "" : failure.stackTrace());
                dialect.setInstant(ps, 5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE " + JOBS + " SET attempts = attempts + 1, updated_at = ? WHERE id = ?")) {
            for (Failure failure : failures) {
                dialect.setInstant(ps, 1, now);
                dialect.setUuid(ps, 2, failure.jobId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
