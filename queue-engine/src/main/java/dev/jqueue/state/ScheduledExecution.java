package dev.jqueue.state;

import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code jqueue_scheduled_executions}: jobs whose run time is ahead. */
public final class ScheduledExecution extends ExecutionTable {

    public ScheduledExecution(QueueDatabase db, String backend) {
        super(db, backend, SCHEDULED);
    }

    public void insert(Connection connection, List<Job> jobs, Instant now) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + SCHEDULED + " (job_id, backend_alias, queue_name, priority, scheduled_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Job job : jobs) {
                dialect.setUuid(ps, 1, job.id());
                ps.setString(2, backend);
                ps.setString(3, job.queueName());
                ps.setInt(4, job.priority());
                dialect.setInstant(ps, 5, job.scheduledAt());
                dialect.setInstant(ps, 6, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Locks and deletes up to {@code limit} due rows, ordered by run time, then priority
     * (higher first), then row id; returns their job ids in that order.
     */
    public List<UUID> consumeDue(Connection connection, Instant now, int limit) throws SQLException {
        dialect.pinPlans(connection);
        String select = dueSelect();
        if (dialect.supportsSingleStatementLockAndFetch()) {
            try (PreparedStatement ps = connection.prepareStatement(promoteStatement(dialect))) {
                ps.setString(1, backend);
                dialect.setInstant(ps, 2, now);
                ps.setInt(3, limit);
                return Sql.uuids(dialect, ps, "job_id");
            }
        }
        List<Long> rowIds = new ArrayList<>();
        List<UUID> jobIds = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(select + dialect.lockSkipLocked())) {
            ps.setString(1, backend);
            dialect.setInstant(ps, 2, now);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rowIds.add(rs.getLong("id"));
                    jobIds.add(dialect.getUuid(rs, "job_id"));
                }
            }
        }
        Sql.deleteByIds(connection, SCHEDULED, rowIds);
        return jobIds;
    }

    /** Due rows in promotion order, by the (backend, scheduled_at, priority DESC, id) index (public for the plan tests). */
    public static String dueSelect() {
        return "SELECT s.id, s.job_id FROM " + SCHEDULED + " s WHERE s.backend_alias = ? AND s.scheduled_at <= ? "
                + "ORDER BY s.scheduled_at, s.priority DESC, s.id LIMIT ?";
    }

    /** PostgreSQL: lock, consume and return the due rows in one statement (public for the plan tests). */
    public static String promoteStatement(Dialect dialect) {
        return "WITH due AS (" + dueSelect().replace("SELECT s.id, s.job_id", "SELECT s.ctid") + " FOR UPDATE OF s" + dialect.skipLocked() + "), "
                + "consumed AS (DELETE FROM " + SCHEDULED + " s WHERE s.ctid = ANY (ARRAY(SELECT d.ctid FROM due d)) "
                + "RETURNING s.job_id, s.scheduled_at, s.priority, s.id) "
                + "SELECT job_id FROM consumed ORDER BY scheduled_at, priority DESC, id";
    }
}
