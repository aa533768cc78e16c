package dev.jqueue.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.sql.Dialects;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.MutableClock;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention on every database: what is deleted, in which order, and what is left alone. */
abstract class RetentionContract {

    protected abstract TestDatabase database();

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    HikariDataSource dataSource;
    MutableClock clock;
    Backend backend;
    Backend other;
    Retention retention;

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        clock = new MutableClock(T0);
        TestTasks tasks = new TestTasks();
        backend = BackendBuilder.on(dataSource).migrate(false).clock(clock).tasks(tasks).build();
        other = BackendBuilder.on(dataSource).alias("other").migrate(false).clock(clock).tasks(tasks).build();
        retention = new Retention(backend);
    }

    /** A job of {@code on} finished at {@code at}. */
    UUID finished(Backend on, String task, Instant at) {
        clock.set(at);
        TaskResult result = on.enqueue(EnqueueOptions.onQueue("q-" + UUID.randomUUID()), task, "x");
        Job job = on.claim.claim(null, QueueSelector.parse(List.of(result.queueName())), 1).getFirst();
        on.completion.complete(List.of(new ClaimedExecution.Completion(job.id(), "null")));
        clock.set(T0);
        return job.id();
    }

    /** A job of {@code on} that failed at {@code at}. */
    UUID failed(Backend on, String task, Instant at) {
        clock.set(at);
        TaskResult result = on.enqueue(EnqueueOptions.onQueue("q-" + UUID.randomUUID()), task, "x");
        Job job = on.claim.claim(null, QueueSelector.parse(List.of(result.queueName())), 1).getFirst();
        on.completion.fail(job.id(), "java.lang.IllegalStateException", "boom", "", null);
        clock.set(T0);
        return job.id();
    }

    @Test
    void finishedJobsOlderThanTheWindowAreDeletedOldestFirstInBatches() throws SQLException {
        UUID oldest = finished(backend, "test.echo", T0.minus(Duration.ofDays(3)));
        UUID older = finished(backend, "test.echo", T0.minus(Duration.ofDays(2)));
        UUID otherTask = finished(backend, "test.count", T0.minus(Duration.ofDays(2)));
        UUID recent = finished(backend, "test.echo", T0.minus(Duration.ofHours(1)));
        UUID otherBackend = finished(other, "test.echo", T0.minus(Duration.ofDays(3)));
        UUID invalid = finished(backend, "test.echo", T0.minus(Duration.ofDays(4)));
        insertReadyRow(invalid); // a finished job that still has a ready row is invalid: left for the operator

        assertThat(retention.clearFinishedJobs(Duration.ofDays(1), "test.echo", 1)).isEqualTo(1);
        assertThat(jobExists(oldest)).as("oldest first").isFalse();
        assertThat(jobExists(older)).isTrue();

        assertThat(retention.clearFinishedJobs(Duration.ofDays(1), "test.echo", 500)).isEqualTo(1);
        assertThat(jobExists(older)).isFalse();
        assertThat(jobExists(otherTask)).as("task filter").isTrue();
        assertThat(jobExists(recent)).isTrue();
        assertThat(jobExists(otherBackend)).as("backend-scoped").isTrue();
        assertThat(jobExists(invalid)).as("invalid jobs are frozen").isTrue();

        assertThat(retention.clearFinishedJobs(Duration.ofDays(1), null, 500)).isEqualTo(1);
        assertThat(jobExists(otherTask)).isFalse();
        assertThat(retention.clearFinishedJobs(Duration.ZERO, null, 500)).isEqualTo(1);
        assertThat(jobExists(recent)).isFalse();
    }

    @Test
    void failedJobsOlderThanTheWindowAreDeletedEvenWithARetryPending() throws SQLException {
        UUID old = failed(backend, "test.fail", T0.minus(Duration.ofDays(8)));
        UUID retrying = failed(backend, "test.fail", T0.minus(Duration.ofDays(8)));
        backend.jobs().scheduleRetry(retrying, T0.plus(Duration.ofHours(1)));
        UUID recent = failed(backend, "test.fail", T0.minus(Duration.ofHours(1)));
        UUID otherTask = failed(backend, "test.echo", T0.minus(Duration.ofDays(8)));
        UUID otherBackend = failed(other, "test.fail", T0.minus(Duration.ofDays(8)));
        UUID finished = finished(backend, "test.fail", T0.minus(Duration.ofDays(8)));

        UUID recentRetrying = failed(backend, "test.fail", T0.minus(Duration.ofHours(1)));
        backend.jobs().scheduleRetry(recentRetrying, T0.plus(Duration.ofHours(1)));

        // reference §1.15: failed rows older than the cutoff go, by the failure's age, retry_at or not
        assertThat(retention.clearFailedJobs(Duration.ofDays(7), "test.fail", 500)).isEqualTo(2);
        assertThat(jobExists(old)).isFalse();
        assertThat(count("SELECT COUNT(*) FROM jqueue_failed_executions WHERE job_id = ?", old)).isZero();
        assertThat(jobExists(retrying)).as("an old failure with a pending retry_at is still an old failure").isFalse();
        assertThat(jobExists(recentRetrying)).isTrue();
        assertThat(count("SELECT COUNT(*) FROM jqueue_failed_executions WHERE job_id = ? AND retry_at IS NOT NULL",
                recentRetrying)).as("its retry stays scheduled").isEqualTo(1);
        assertThat(jobExists(recent)).isTrue();
        assertThat(jobExists(otherTask)).isTrue();
        assertThat(jobExists(otherBackend)).isTrue();
        assertThat(jobExists(finished)).as("finished jobs are not failed jobs").isTrue();
        assertThat(retention.clearFailedJobs(Duration.ofDays(7), null, 500)).isEqualTo(1);
        assertThat(jobExists(otherTask)).isFalse();
    }

    @Test
    void recurringReservationsOlderThanTheWindowAreDeletedAndConfiguredRetentionRunsEachCleanup() throws SQLException {
        insertReservation("default", "nightly", T0.minus(Duration.ofDays(3)));
        insertReservation("default", "nightly", T0.minus(Duration.ofDays(2)));
        insertReservation("default", "hourly", T0.minus(Duration.ofDays(2)));
        insertReservation("default", "nightly", T0.minus(Duration.ofMinutes(5)));
        insertReservation("other", "nightly", T0.minus(Duration.ofDays(3)));

        assertThat(retention.clearRecurringExecutions(Duration.ofDays(1), "nightly", 1)).isEqualTo(1);
        assertThat(reservationTimes("default", "nightly")).containsExactly(T0.minus(Duration.ofDays(2)),
                T0.minus(Duration.ofMinutes(5)));
        assertThat(retention.clearRecurringExecutions(Duration.ofDays(1), null, 500)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM jqueue_recurring_executions WHERE backend_alias = 'other'")).isEqualTo(1);

        finished(backend, "test.echo", T0.minus(Duration.ofDays(2)));
        failed(backend, "test.fail", T0.minus(Duration.ofDays(2)));
        insertReservation("default", "hourly", T0.minus(Duration.ofDays(2)));
        BackendProperties configured = BackendProperties.defaults();
        assertThat(Retention.configured(configured)).as("clear-finished-jobs-after defaults to 1d").isTrue();
        assertThat(retention.clearConfigured(configured)).isEqualTo(new Retention.Result(1, 0, 0));
        assertThat(retention.clearConfigured(configured.withRetention(null, Duration.ofDays(1), Duration.ofDays(1))))
                .isEqualTo(new Retention.Result(0, 1, 1));
        assertThat(Retention.configured(configured.withRetention(null, null, null))).isFalse();
    }

    @Test
    void negativeWindowsAndEmptyBatchesAreRefused() {
        assertThatThrownBy(() -> retention.clearFinishedJobs(Duration.ofSeconds(-1), null, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older-than");
        assertThatThrownBy(() -> retention.clearFailedJobs(Duration.ZERO, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch size");
    }

    // ------------------------------------------------------------------ helpers

    void insertReadyRow(UUID jobId) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO jqueue_ready_executions (job_id, backend_alias, queue_name, priority, created_at) "
                        + "VALUES (?, 'default', 'q', 0, ?)")) {
            var dialect = Dialects.detect(dataSource);
            dialect.setUuid(ps, 1, jobId);
            dialect.setInstant(ps, 2, T0);
            ps.executeUpdate();
        }
    }

    void insertReservation(String backendAlias, String key, Instant runAt) throws SQLException {
        var dialect = Dialects.detect(dataSource);
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO jqueue_recurring_executions (backend_alias, intended_job_id, task_key, run_at, created_at) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, backendAlias);
            dialect.setUuid(ps, 2, UUID.randomUUID());
            ps.setString(3, key);
            dialect.setInstant(ps, 4, runAt);
            dialect.setInstant(ps, 5, runAt);
            ps.executeUpdate();
        }
    }

    List<Instant> reservationTimes(String backendAlias, String key) throws SQLException {
        var dialect = Dialects.detect(dataSource);
        List<Instant> times = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT run_at FROM jqueue_recurring_executions WHERE backend_alias = ? AND task_key = ? ORDER BY run_at")) {
            ps.setString(1, backendAlias);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(dialect.getInstant(rs, "run_at"));
                }
            }
        }
        return times;
    }

    boolean jobExists(UUID id) throws SQLException {
        return count("SELECT COUNT(*) FROM jqueue_jobs WHERE id = ?", id) == 1;
    }

    long count(String sql, Object... params) throws SQLException {
        var dialect = Dialects.detect(dataSource);
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof UUID uuid) {
                    dialect.setUuid(ps, i + 1, uuid);
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
