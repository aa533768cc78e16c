package dev.jqueue.plans;

import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * A plan database of the stepwise engines (MariaDB, SQLite), seeded with the same SQL on
 * both: only the row source and the id expression differ.
 */
abstract class StepwisePlanDatabase implements PlanDatabase {

    protected final Dialect dialect;

    StepwisePlanDatabase(Dialect dialect) {
        this.dialect = dialect;
    }

    abstract Connection connection();

    /** A FROM clause giving the rows {@code seq} = 1 .. {@code count}. */
    abstract String series(int count);

    /** An expression giving a new random job id per row. */
    abstract String newId();

    Dialect dialect() {
        return dialect;
    }

    @Override
    public void seedFinished(int count) throws SQLException {
        Instant now = Instant.now();
        insertJobs(count, "attempts, finished_at, return_value", "1, ?, 'null'", now, now);
    }

    @Override
    public void seedBacklog(int ready, int claimed, int scheduled) throws SQLException {
        Instant now = Instant.now();
        insertJobs(ready, "attempts", "0", now);
        update("INSERT INTO " + READY + " (job_id, backend_alias, queue_name, priority, created_at) SELECT id, "
                + "backend_alias, queue_name, priority, created_at FROM " + JOBS + " WHERE finished_at IS NULL "
                + "AND scheduled_at IS NULL ORDER BY created_at, id");
        update("INSERT INTO " + CLAIMED + " (job_id, created_at) SELECT job_id, ? FROM " + READY + " ORDER BY id LIMIT "
                + claimed, now);
        update("DELETE FROM " + READY + " WHERE job_id IN (SELECT job_id FROM " + CLAIMED + ")");
        insertJobs(scheduled, "attempts, scheduled_at", "0, ?", now, now.minus(Duration.ofMinutes(1)));
        update("INSERT INTO " + SCHEDULED + " (job_id, backend_alias, queue_name, priority, scheduled_at, created_at) "
                + "SELECT id, backend_alias, queue_name, priority, scheduled_at, created_at FROM " + JOBS
                + " WHERE scheduled_at IS NOT NULL");
    }

    @Override
    public void drainBacklog() throws SQLException {
        update("DELETE FROM jqueue_ready_executions");
        update("DELETE FROM jqueue_claimed_executions");
        update("DELETE FROM jqueue_scheduled_executions");
        update("UPDATE " + JOBS + " SET finished_at = ?, attempts = 1 WHERE finished_at IS NULL", Instant.now());
    }

    /** Jobs across ten queues, created at {@code now}, with the given extra columns and values. */
    private void insertJobs(int count, String columns, String values, Instant now, Instant... bound) throws SQLException {
        Instant[] times = new Instant[bound.length + 2];
        System.arraycopy(bound, 0, times, 0, bound.length);
        times[bound.length] = now;
        times[bound.length + 1] = now;
        update("INSERT INTO " + JOBS + " (id, task_path, queue_name, priority, payload, backend_alias, " + columns
                + ", created_at, updated_at) SELECT " + newId() + ", 'bench.noop', CONCAT('q', seq % 10), 0, '[]', "
                + "'default', " + values + ", ?, ? FROM " + series(count), times);
    }

    private void update(String sql, Instant... times) throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            for (int i = 0; i < times.length; i++) {
                dialect.setInstant(ps, i + 1, times[i]);
            }
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection().close();
    }
}
