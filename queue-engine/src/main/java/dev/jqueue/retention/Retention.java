package dev.jqueue.retention;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.RECURRING_EXECUTIONS;
import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.state.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes old finished jobs, old failed jobs and old recurring-task reservations of
 * one backend, one batch per call, oldest first. Rows are selected with {@code FOR UPDATE SKIP
 * LOCKED} where the database has it, so several cleaners (schedulers on several hosts, an
 * operator's {@code jqueue:prune}) never wait for each other or delete the same row twice.
 *
 * <p>Jobs in an invalid state (a finished job that still has an execution row, a failed job
 * with a second row) are left alone: they stay for an operator and for deep health. A failed job's
 * age is its failure's ({@code failed.created_at}), whether or not a retry is pending: as in
 * dj_queue, a failure older than the window goes, so keep the window longer than any backoff.
 */
public final class Retention {

    /** Rows per cleanup type per pass (dj_queue's {@code CLEANUP_BATCH_SIZE}). */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    private final BackendContext backend;

    public Retention(Backend backend) {
        this(backend.context());
    }

    public Retention(BackendContext backend) {
        this.backend = backend;
    }

    /** What one pass deleted. */
    public record Result(int finishedJobs, int failedJobs, int recurringExecutions) {

        /** True when a count filled its batch, so more rows may be waiting. */
        public boolean batchLimitReached(int batchSize) {
            return finishedJobs == batchSize || failedJobs == batchSize || recurringExecutions == batchSize;
        }

        public int total() {
            return finishedJobs + failedJobs + recurringExecutions;
        }
    }

    /** Whether the backend configures any retention, i.e. whether the scheduler should call {@link #clearConfigured}. */
    public static boolean configured(BackendProperties properties) {
        return properties.clearFinishedJobsAfter() != null || properties.clearFailedJobsAfter() != null
                || properties.clearRecurringExecutionsAfter() != null;
    }

    /**
     * The periodic pass the scheduler runs (every minute): one batch of {@value #DEFAULT_BATCH_SIZE}
     * of each cleanup the backend configures ({@code clear-finished-jobs-after},
     * {@code clear-failed-jobs-after}, {@code clear-recurring-executions-after}); an unset
     * setting skips that cleanup.
     */
    public Result clearConfigured(BackendProperties properties) {
        int finished = properties.clearFinishedJobsAfter() == null ? 0
                : clearFinishedJobs(properties.clearFinishedJobsAfter(), null, DEFAULT_BATCH_SIZE);
        int failed = properties.clearFailedJobsAfter() == null ? 0
                : clearFailedJobs(properties.clearFailedJobsAfter(), null, DEFAULT_BATCH_SIZE);
        int recurring = properties.clearRecurringExecutionsAfter() == null ? 0
                : clearRecurringExecutions(properties.clearRecurringExecutionsAfter(), null, DEFAULT_BATCH_SIZE);
        return new Result(finished, failed, recurring);
    }

    /**
     * Deletes up to {@code batchSize} finished jobs whose {@code finished_at} is older than
     * {@code olderThan}, oldest first ({@code finished_at, id}); {@code taskPath} (nullable)
     * restricts it to one task. Returns how many were deleted.
     */
    public int clearFinishedJobs(Duration olderThan, String taskPath, int batchSize) {
        Instant cutoff = cutoff(olderThan, batchSize);
        String sql = "SELECT j.id FROM " + JOBS + " j WHERE j.backend_alias = ? AND j.finished_at IS NOT NULL"
                + " AND j.finished_at < ?" + (taskPath == null ? "" : " AND j.task_path = ?")
                + noExecutionRow(READY, SCHEDULED, CLAIMED, BLOCKED, FAILED)
                + " ORDER BY j.finished_at, j.id LIMIT ?" + backend.dialect.lockSkipLocked();
        int deleted = backend.db.inTransaction(connection -> {
            List<UUID> ids;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = bindScope(ps, cutoff, taskPath);
                ps.setInt(index, batchSize);
                ids = Sql.uuids(backend.dialect, ps, "id");
            }
            return deleteJobs(connection, ids);
        });
        logCleared("finished_jobs", deleted);
        return deleted;
    }

    /**
     * Deletes up to {@code batchSize} failed jobs whose failure ({@code failed.created_at}) is
     * older than {@code olderThan}, oldest first; {@code taskPath} (nullable) restricts it to one
     * task. Returns how many were deleted.
     */
    public int clearFailedJobs(Duration olderThan, String taskPath, int batchSize) {
        Instant cutoff = cutoff(olderThan, batchSize);
        String sql = "SELECT f.job_id FROM " + FAILED + " f JOIN " + JOBS + " j ON j.id = f.job_id"
                + " WHERE j.backend_alias = ? AND f.created_at < ?" + (taskPath == null ? "" : " AND j.task_path = ?")
                + " AND j.finished_at IS NULL" + noExecutionRow(READY, SCHEDULED, CLAIMED, BLOCKED)
                + " ORDER BY f.created_at, f.id LIMIT ?" + backend.dialect.lockSkipLocked();
        int deleted = backend.db.inTransaction(connection -> {
            List<UUID> ids;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = bindScope(ps, cutoff, taskPath);
                ps.setInt(index, batchSize);
                ids = Sql.uuids(backend.dialect, ps, "job_id");
            }
            return deleteJobs(connection, ids);
        });
        logCleared("failed_jobs", deleted);
        return deleted;
    }

    /**
     * Deletes up to {@code batchSize} recurring-task reservations whose tick ({@code run_at}) is
     * older than {@code olderThan}, oldest first; {@code taskKey} (nullable) restricts it to one
     * recurring task. The jobs they produced are not touched. Returns how many were deleted.
     */
    public int clearRecurringExecutions(Duration olderThan, String taskKey, int batchSize) {
        Instant cutoff = cutoff(olderThan, batchSize);
        String sql = "SELECT id FROM " + RECURRING_EXECUTIONS + " WHERE backend_alias = ? AND run_at < ?"
                + (taskKey == null ? "" : " AND task_key = ?") + " ORDER BY run_at, id LIMIT ?"
                + backend.dialect.lockSkipLocked();
        int deleted = backend.db.inTransaction(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = bindScope(ps, cutoff, taskKey);
                ps.setInt(index, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            int count = 0;
            for (List<Long> chunk : Sql.chunks(ids)) {
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + RECURRING_EXECUTIONS
                        + " WHERE id IN " + Sql.in(chunk.size()))) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setLong(i + 1, chunk.get(i));
                    }
                    count += ps.executeUpdate();
                }
            }
            return count;
        });
        logCleared("recurring_executions", deleted);
        return deleted;
    }

    private Instant cutoff(Duration olderThan, int batchSize) {
        if (olderThan == null || olderThan.isNegative()) {
            throw new IllegalArgumentException("older-than must be zero or positive (got " + olderThan + ")");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be a positive integer (got " + batchSize + ")");
        }
        return backend.now().minus(olderThan);
    }

    private int bindScope(PreparedStatement ps, Instant cutoff, String filter) throws SQLException {
        ps.setString(1, backend.alias);
        backend.dialect.setInstant(ps, 2, cutoff);
        if (filter == null) {
            return 3;
        }
        ps.setString(3, filter);
        return 4;
    }

    private static String noExecutionRow(String... tables) {
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(table).append(" x WHERE x.job_id = j.id)");
        }
        return sql.toString();
    }

    /** Deletes jobs by id; their execution rows and recurring reservations go with them (ON DELETE CASCADE). */
    private int deleteJobs(Connection connection, List<UUID> ids) throws SQLException {
        int count = 0;
        for (List<UUID> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + JOBS + " WHERE id IN "
                    + Sql.in(chunk.size()) + " AND backend_alias = ?")) {
                int index = Sql.bindUuids(backend.dialect, ps, 1, chunk);
                ps.setString(index, backend.alias);
                count += ps.executeUpdate();
            }
        }
        return count;
    }

    private void logCleared(String what, int deleted) {
        if (deleted > 0) {
            log.atInfo().addKeyValue("event", "retention.cleared").addKeyValue("backend", backend.alias)
                    .addKeyValue("kind", what).addKeyValue("count", deleted)
                    .log("jqueue retention deleted {} {} of backend '{}'", deleted, what.replace('_', ' '), backend.alias);
        }
    }
}
