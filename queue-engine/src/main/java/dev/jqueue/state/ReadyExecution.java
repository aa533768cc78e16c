package dev.jqueue.state;

import static dev.jqueue.state.Tables.READY;

import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code jqueue_ready_executions}: jobs waiting for a worker. Row ids ascend in insertion
 * order and are the FIFO tie-break inside a priority.
 */
public final class ReadyExecution extends ExecutionTable {

    public ReadyExecution(QueueDatabase db, String backend) {
        super(db, backend, READY);
    }

    /**
     * Inserts ready rows in the given order. {@code latencyStart} is when each job became
     * due (its run time, or now).
     */
    public void insert(Connection connection, List<Job> jobs, Instant now) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        if (dialect.supportsArrayParameters() && jobs.size() > 1) {
            int n = jobs.size();
            UUID[] ids = new UUID[n];
            String[] queues = new String[n];
            Integer[] priorities = new Integer[n];
            String[] latency = new String[n];
            for (int i = 0; i < n; i++) {
                Job job = jobs.get(i);
                ids[i] = job.id();
                queues[i] = job.queueName();
                priorities[i] = job.priority();
                latency[i] = latencyStart(job, now).toString();
            }
            String sql = "INSERT INTO " + READY + " (job_id, backend_alias, queue_name, priority, created_at, latency_started_at) "
                    + "SELECT u.id, ?, u.queue_name, u.priority, ?, CAST(u.latency AS timestamptz) "
                    + "FROM unnest(?::uuid[], ?::text[], ?::int2[], ?::text[]) WITH ORDINALITY AS u(id, queue_name, priority, latency, ord) "
                    + "ORDER BY u.ord";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, backend);
                dialect.setInstant(ps, 2, now);
                ps.setArray(3, connection.createArrayOf("uuid", ids));
                ps.setArray(4, connection.createArrayOf("text", queues));
                ps.setArray(5, connection.createArrayOf("int2", priorities));
                ps.setArray(6, connection.createArrayOf("text", latency));
                ps.executeUpdate();
            }
            return;
        }
        String sql = "INSERT INTO " + READY + " (job_id, backend_alias, queue_name, priority, created_at, latency_started_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Job job : jobs) {
                dialect.setUuid(ps, 1, job.id());
                ps.setString(2, backend);
                ps.setString(3, job.queueName());
                ps.setInt(4, job.priority());
                dialect.setInstant(ps, 5, now);
                dialect.setInstant(ps, 6, latencyStart(job, now));
                if (jobs.size() > 1) {
                    ps.addBatch();
                }
            }
            if (jobs.size() > 1) {
                ps.executeBatch();
            } else {
                ps.executeUpdate();
            }
        }
    }

    /** A promoted job has waited since it became due, not since it was promoted. */
    static Instant latencyStart(Job job, Instant now) {
        return job.scheduledAt() != null && job.scheduledAt().isBefore(now) ? job.scheduledAt() : now;
    }

    /** Locks up to {@code limit} ready rows of one queue (for clear). */
    public List<UUID> lockQueueBatch(Connection connection, String queue, int limit) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT job_id FROM " + READY
                + " WHERE backend_alias = ? AND queue_name = ? ORDER BY priority DESC, id LIMIT ?" + dialect.lockSkipLocked())) {
            ps.setString(1, backend);
            ps.setString(2, queue);
            ps.setInt(3, limit);
            return Sql.uuids(dialect, ps, "job_id");
        }
    }

    /** A ready row's timing, for latency after a resume. */
    public record Timing(long id, Instant createdAt, Instant latencyStartedAt) {
        public Instant latencyStart() {
            return latencyStartedAt != null ? latencyStartedAt : createdAt;
        }
    }

    public List<Timing> timings(Connection connection, String queue) throws SQLException {
        List<Timing> timings = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, created_at, latency_started_at FROM " + READY
                + " WHERE backend_alias = ? AND queue_name = ?" + dialect.lockForUpdate())) {
            ps.setString(1, backend);
            ps.setString(2, queue);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    timings.add(new Timing(rs.getLong("id"), dialect.getInstant(rs, "created_at"),
                            dialect.getInstant(rs, "latency_started_at")));
                }
            }
        }
        return timings;
    }

    public void setLatencyStart(Connection connection, List<Timing> timings, List<Instant> starts) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE " + READY + " SET latency_started_at = ? WHERE id = ?")) {
            for (int i = 0; i < timings.size(); i++) {
                dialect.setInstant(ps, 1, starts.get(i));
                ps.setLong(2, timings.get(i).id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
