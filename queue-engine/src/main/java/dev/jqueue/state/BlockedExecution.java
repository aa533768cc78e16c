package dev.jqueue.state;

import static dev.jqueue.state.Tables.BLOCKED;

import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@code jqueue_blocked_executions}: jobs waiting for a concurrency slot of their key. */
public final class BlockedExecution extends ExecutionTable {

    private final JobStore jobs;

    public BlockedExecution(QueueDatabase db, String backend, JobStore jobs) {
        super(db, backend, BLOCKED);
        this.jobs = jobs;
    }

    public void insert(Connection connection, List<Job> blocked, Instant now) throws SQLException {
        if (blocked.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + BLOCKED + " (job_id, backend_alias, "
                + "queue_name, priority, concurrency_key, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Job job : blocked) {
                dialect.setUuid(ps, 1, job.id());
                ps.setString(2, backend);
                ps.setString(3, job.queueName());
                ps.setInt(4, job.priority());
                ps.setString(5, job.concurrency().key());
                dialect.setInstant(ps, 6, now.plus(job.concurrency().duration()));
                dialect.setInstant(ps, 7, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Locks the next waiter of a key in this backend (higher priority first, then FIFO),
     * skipping rows another transaction holds; null when none waits.
     */
    public Job lockNext(Connection connection, String key) throws SQLException {
        String sql = "SELECT b.job_id FROM " + BLOCKED + " b WHERE b.backend_alias = ? AND b.concurrency_key = ? "
                + "ORDER BY b.priority DESC, b.id LIMIT 1" + dialect.lockSkipLocked();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, backend);
            ps.setString(2, key);
            List<java.util.UUID> ids = Sql.uuids(dialect, ps, "job_id");
            return ids.isEmpty() ? null : jobs.load(connection, ids).getFirst();
        }
    }

    /** Locks blocked rows whose expiry has passed, oldest first, and returns their jobs. */
    public List<Job> lockExpired(Connection connection, Instant now, int batch) throws SQLException {
        String sql = "SELECT b.job_id FROM " + BLOCKED + " b WHERE b.backend_alias = ? AND b.expires_at <= ? "
                + "ORDER BY b.expires_at, b.priority DESC, b.id LIMIT ?" + dialect.lockSkipLocked();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, backend);
            dialect.setInstant(ps, 2, now);
            ps.setInt(3, batch);
            List<java.util.UUID> ids = Sql.uuids(dialect, ps, "job_id");
            return ids.isEmpty() ? List.of() : jobs.load(connection, ids);
        }
    }

    public void extend(Connection connection, Job job, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE " + BLOCKED + " SET expires_at = ? WHERE job_id = ?")) {
            dialect.setInstant(ps, 1, expiresAt);
            dialect.setUuid(ps, 2, job.id());
            ps.executeUpdate();
        }
    }
}
