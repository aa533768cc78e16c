package dev.jqueue.chaos;

import dev.jqueue.testing.TestSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The chaos tasks' own table, {@code chaos_runs} (one row per execution of a task body, see
 * {@link ChaosTasks}), and the counts a scenario reports from it and from the queue tables:
 *
 * <ul>
 * <li><b>runs</b>: executions of task bodies;</li>
 * <li><b>lost</b>: jobs that did not end successful with a recorded run;</li>
 * <li><b>doubled</b>: attempts executed more than once (the same job and attempt number twice:
 *     a re-run after a recorded failure has the next attempt number and is not a double);</li>
 * <li><b>stuck</b>: execution rows left once the scenario is over (claimed, ready, scheduled,
 *     blocked, failed).</li>
 * </ul>
 */
final class RunLedger {

    static final String TABLE = "chaos_runs";

    private final DataSource dataSource;
    private final boolean postgres;

    RunLedger(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            this.postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates the table empty. */
    RunLedger reset() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("CREATE TABLE " + TABLE + " (run_id VARCHAR(80) PRIMARY KEY, job_id VARCHAR(36) NOT NULL, "
                    + "attempt INT NOT NULL, pid BIGINT NOT NULL, kind VARCHAR(16) NOT NULL)");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    long count(String sql) {
        return TestSql.count(dataSource, sql);
    }

    long runs() {
        return count("SELECT COUNT(*) FROM " + TABLE + " WHERE kind = 'run'");
    }

    /** Effects of the idempotent task (at most one per job by construction). */
    long effects() {
        return count("SELECT COUNT(*) FROM " + TABLE + " WHERE kind = 'effect'");
    }

    long successful() {
        return count("SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL");
    }

    long failed() {
        return count("SELECT COUNT(*) FROM jqueue_failed_executions");
    }

    long lost() {
        String id = postgres ? "CAST(j.id AS text)" : "j.id";
        return count("SELECT COUNT(*) FROM jqueue_jobs j WHERE j.finished_at IS NULL OR NOT EXISTS (SELECT 1 FROM "
                + TABLE + " r WHERE r.job_id = " + id + " AND r.kind = 'run')");
    }

    long doubled() {
        return count("SELECT COUNT(*) FROM (SELECT job_id, attempt FROM " + TABLE
                + " WHERE kind = 'run' GROUP BY job_id, attempt HAVING COUNT(*) > 1) d");
    }

    long stuck() {
        return count("SELECT (SELECT COUNT(*) FROM jqueue_claimed_executions) + (SELECT COUNT(*) FROM "
                + "jqueue_ready_executions) + (SELECT COUNT(*) FROM jqueue_scheduled_executions) + (SELECT COUNT(*) FROM "
                + "jqueue_blocked_executions) + (SELECT COUNT(*) FROM jqueue_failed_executions)");
    }

    /** The scenario's line, printed and kept for docs/reliability.md. */
    ReliabilityLine line(String scenario, String database, long jobs, Duration recovery) {
        ReliabilityLine line = new ReliabilityLine(scenario, database, jobs, runs(), lost(), doubled(), stuck(), recovery);
        line.report();
        return line;
    }
}
