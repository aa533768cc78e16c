package dev.jqueue.chaos;

import dev.jqueue.Concurrency;
import dev.jqueue.JQueueTask;
import dev.jqueue.TaskContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The chaos suite's task bodies. Each run records itself in {@link RunLedger}'s table on the
 * queue database: a row per execution of the body (a fresh run id per execution, so the
 * body's own retries of that insert during an outage count once, while a second execution by
 * the engine shows as a second row), with the job id and the attempt the worker gave it.
 */
public class ChaosTasks {

    private final DataSource dataSource;
    private final long pid = ProcessHandle.current().pid();

    public ChaosTasks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Works for {@code workMillis}, then records the run. */
    @JQueueTask(name = "chaos.record")
    public void record(long workMillis, TaskContext context) throws InterruptedException {
        if (workMillis > 0) {
            Thread.sleep(workMillis);
        }
        recordRun(context, "run");
    }

    /** The same under a concurrency limit of one per key, to see slots released after a crash. */
    @JQueueTask(name = "chaos.limited", concurrency = @Concurrency(key = "chaos:{key}", limit = 1, duration = "120s"))
    public void limited(String key, long workMillis, TaskContext context) throws InterruptedException {
        record(workMillis, context);
    }

    /**
     * A task that uses a database connection for {@code holdMillis} while it works (waiting for
     * one as long as it takes), then records the run: what fills a small pool.
     */
    @JQueueTask(name = "chaos.holding")
    public void holding(long holdMillis, TaskContext context) throws InterruptedException {
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                Thread.sleep(holdMillis);
                break;
            } catch (SQLException poolBusy) {
                Thread.sleep(50);
            }
        }
        recordRun(context, "run");
    }

    /**
     * An idempotent task: its effect is keyed by the job id ({@code effect} rows are unique per
     * job), so running it again after a crash in the delivery window applies nothing twice. The
     * run itself is still recorded, to show that it did run again.
     */
    @JQueueTask(name = "chaos.idempotent")
    public void idempotent(long workMillis, TaskContext context) throws InterruptedException {
        record(workMillis, context);
        recordRun(context, "effect");
    }

    /**
     * Inserts this execution's row, retrying the same row (insert-if-absent by run id) until the
     * database takes it: a task that writes to a database that is restarting waits for it.
     */
    private void recordRun(TaskContext context, String kind) throws InterruptedException {
        String runId = kind.equals("effect") ? "effect-" + context.jobId() : UUID.randomUUID().toString();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
                String sql = (postgres ? "INSERT INTO " : "INSERT IGNORE INTO ") + RunLedger.TABLE
                        + " (run_id, job_id, attempt, pid, kind) VALUES (?, ?, ?, ?, ?)"
                        + (postgres ? " ON CONFLICT (run_id) DO NOTHING" : "");
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, runId);
                    ps.setString(2, context.jobId().toString());
                    ps.setInt(3, context.attempt());
                    ps.setLong(4, pid);
                    ps.setString(5, kind);
                    ps.executeUpdate();
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not record run " + runId, e);
                }
                Thread.sleep(200);
            }
        }
    }
}
