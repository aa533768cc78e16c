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

    /** The recorded error of a failure, and when to retry it automatically (or null). */
    public record Failure(UUID jobId, String exceptionClass, String message, String stackTrace, Instant retryAt) {
        public Failure(UUID jobId, String exceptionClass, String message, String stackTrace) {
            this(jobId, exceptionClass, message, stackTrace, null);
        }
    }

    public FailedExecution(QueueDatabase db, String backend) {
        super(db, backend, FAILED);
    }

    public void insert(Connection connection, List<Failure> failures, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + FAILED
                + " (job_id, exception_class, message, traceback, retry_at, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Failure failure : failures) {
                dialect.setUuid(ps, 1, failure.jobId());
                ps.setString(2, truncate(failure.exceptionClass(), 255));
                ps.setString(3, failure.message() == null ? "" : failure.message());
                ps.setString(4, failure.stackTrace() == null ? "" : failure.stackTrace());
                dialect.setInstant(ps, 5, failure.retryAt());
                dialect.setInstant(ps, 6, now);
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

    /** Sets the retry time of a failed job of this backend; false if it is not failed. */
    public boolean scheduleRetry(Connection connection, UUID jobId, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + FAILED + " SET retry_at = ? WHERE job_id = ? "
                + "AND EXISTS (SELECT 1 FROM " + JOBS + " j WHERE j.id = job_id AND j.backend_alias = ?)")) {
            dialect.setInstant(ps, 1, at);
            dialect.setUuid(ps, 2, jobId);
            ps.setString(3, backend);
            return ps.executeUpdate() == 1;
        }
    }

    /** Locks failed rows whose retry time has come, oldest first. */
    public List<UUID> lockDueRetries(Connection connection, Instant now, int batch) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT f.job_id FROM " + FAILED + " f WHERE f.retry_at <= ? "
                + "AND EXISTS (SELECT 1 FROM " + JOBS + " j WHERE j.id = f.job_id AND j.backend_alias = ?) "
                + "ORDER BY f.retry_at, f.id LIMIT ?" + dialect.lockSkipLocked())) {
            dialect.setInstant(ps, 1, now);
            ps.setString(2, backend);
            ps.setInt(3, batch);
            return Sql.uuids(dialect, ps, "job_id");
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
