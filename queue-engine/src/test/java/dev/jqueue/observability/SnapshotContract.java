package dev.jqueue.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.LimitedTasks;
import dev.jqueue.testing.MutableClock;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestSql;
import dev.jqueue.testing.TestTasks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The observability read model with jobs in every state, the same on every database (a subclass
 * per database): the snapshot, the stats.json shape, and the Prometheus families and labels,
 * which must all agree. The PostgreSQL diagnostics are in the PostgreSQL subclass.
 */
abstract class SnapshotContract {

    protected abstract TestDatabase database();

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    HikariDataSource dataSource;
    MutableClock clock;
    Backend backend;
    Backends backends;
    JQueueObservability observability;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void setUp() throws Exception {
        dataSource = database().dataSource();
        clock = new MutableClock(T0);
        backend = BackendBuilder.on(dataSource).migrate(false).clock(clock).tasks(new TestTasks(), new LimitedTasks()).build();
        backends = new Backends();
        backends.add(backend, BackendProperties.defaults().withRetention(Duration.ofDays(1), Duration.ofHours(1), null));
        observability = new JQueueObservability(backends, json);
        populate();
    }

    /** Jobs in every state, a paused queue, a recurring task, a semaphore and live and stale processes. */
    private void populate() throws SQLException {
        // failed two hours ago (over the one-hour retention), then one claimed job, in queue "work"
        clock.set(T0.minus(Duration.ofHours(2)));
        backend.enqueue(EnqueueOptions.onQueue("work"), "test.fail", "boom");
        Job failing = backend.claim.claim(null, QueueSelector.parse(List.of("work")), 1).getFirst();
        backend.completion.fail(failing.id(), "java.lang.IllegalStateException", "boom", "", null);
        clock.set(T0.minus(Duration.ofMinutes(1)));
        backend.enqueue(EnqueueOptions.onQueue("work"), "test.echo", "held");
        backend.claim.claim(null, QueueSelector.parse(List.of("work")), 1);
        // "email": one finished, two ready (one minute old), one scheduled in an hour
        backend.enqueue(EnqueueOptions.onQueue("email"), "test.echo", "done");
        Job done = backend.claim.claim(null, QueueSelector.parse(List.of("email")), 1).getFirst();
        backend.completion.complete(List.of(new ClaimedExecution.Completion(done.id(), "\"done\"")));
        backend.enqueue(EnqueueOptions.onQueue("email"), "test.echo", "a");
        backend.enqueue(EnqueueOptions.onQueue("email"), "test.echo", "b");
        clock.set(T0);
        backend.enqueue(EnqueueOptions.onQueue("email").runAfter(Duration.ofHours(1)), "test.echo", "later");
        // "default": one running slot of account:1 and one blocked behind it
        backend.enqueue("limited", 1L, "first");
        backend.enqueue("limited", 1L, "second");
        // "broken": a job whose ready row vanished (invalid)
        TaskResult broken = backend.enqueue(EnqueueOptions.onQueue("broken"), "test.echo", "x");
        execute("DELETE FROM jqueue_ready_executions WHERE job_id = ?", broken.id());
        // "quiet": paused, no jobs
        backend.queue("quiet").pause();
        // a recurring task on queue "reports" with one reserved tick
        execute("INSERT INTO jqueue_recurring_tasks (backend_alias, " + quote("key") + ", task_path, schedule, queue_name, description, static, "
                + "next_run_at, created_at, updated_at) VALUES ('default', 'nightly', 'test.echo', '0 3 * * *', 'reports', '', "
                + "true, ?, ?, ?)",
                T0.plus(Duration.ofHours(5)), T0, T0);
        execute("INSERT INTO jqueue_recurring_executions (backend_alias, intended_job_id, task_key, run_at, created_at) "
                + "VALUES ('default', ?, 'nightly', ?, ?)", UUID.randomUUID(), T0.minus(Duration.ofHours(19)), T0);
        // processes: a live supervisor and worker (email, work*), a stale worker (*) and a stale dispatcher
        long supervisor = backend.context().processes.register("Supervisor", "supervisor-test", 1, "host",
                "{\"rollout_protocol\":1}", null, T0);
        backend.context().processes.register("Worker", "worker-1", 1, "host",
                "{\"rollout_protocol\":1,\"queues\":[\"email\",\"work*\"]}", supervisor, T0);
        backend.context().processes.register("Worker", "worker-2", 2, "host", "{\"queues\":[\"*\"]}", null,
                T0.minus(Duration.ofHours(1)));
        backend.context().processes.register("Dispatcher", "dispatcher-1", 2, "host", "{}", null,
                T0.minus(Duration.ofHours(1)));
    }

    @Test
    void snapshotCountsEveryStateAndAgreesWithStatsJsonAndMetrics() throws Exception {
        // The invalid counts are the background check's; run it here so that the snapshot has them.
        observability.invalidChecks().checkNow(backend);
        BackendSnapshot snapshot = observability.snapshot("default");
        assertThat(snapshot.invalidCheckedAt()).isEqualTo(T0);

        assertThat(snapshot.backendAlias()).isEqualTo("default");
        assertThat(snapshot.processAliveThresholdSeconds()).isEqualTo(300.0);
        assertThat(snapshot.queues()).extracting(BackendSnapshot.QueueSnapshot::name)
                .containsExactly("broken", "default", "email", "quiet", "reports", "work");
        BackendSnapshot.QueueSnapshot email = queue(snapshot, "email");
        assertThat(email.readyCount()).isEqualTo(2);
        assertThat(email.scheduledCount()).isEqualTo(1);
        assertThat(email.finishedCount()).isEqualTo(1);
        assertThat(email.latencySeconds()).isEqualTo(60.0);
        assertThat(email.oldestScheduledAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(email.liveWorkerCount()).isEqualTo(1);
        BackendSnapshot.QueueSnapshot work = queue(snapshot, "work");
        assertThat(work.claimedCount()).isEqualTo(1);
        assertThat(work.failedCount()).isEqualTo(1);
        assertThat(work.latencySeconds()).as("no ready job: no latency").isNull();
        assertThat(work.liveWorkerCount()).isEqualTo(1);
        BackendSnapshot.QueueSnapshot limited = queue(snapshot, "default");
        assertThat(limited.readyCount()).isEqualTo(1);
        assertThat(limited.blockedCount()).isEqualTo(1);
        assertThat(limited.oldestBlockedAt()).isEqualTo(T0);
        assertThat(limited.liveWorkerCount()).as("the stale '*' worker does not count").isZero();
        assertThat(queue(snapshot, "broken").invalidCount()).isEqualTo(1);
        assertThat(queue(snapshot, "quiet").paused()).isTrue();
        assertThat(queue(snapshot, "quiet").latencySeconds()).isNull();

        assertThat(snapshot.runnerMetrics().live()).isEqualTo(2);
        assertThat(snapshot.runnerMetrics().stale()).isEqualTo(2);
        assertThat(snapshot.runnerMetrics().byKind()).containsExactly(
                Map.entry("Dispatcher", new BackendSnapshot.LiveStale(0, 1)),
                Map.entry("Supervisor", new BackendSnapshot.LiveStale(1, 0)),
                Map.entry("Worker", new BackendSnapshot.LiveStale(1, 1)));
        assertThat(snapshot.processRows()).isEqualTo(4);
        assertThat(snapshot.recurring()).containsExactly(new BackendSnapshot.RecurringSnapshot("nightly", "test.echo",
                "reports", "0 3 * * *", true, T0.minus(Duration.ofHours(19)), T0.plus(Duration.ofHours(5))));
        assertThat(snapshot.semaphores()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("account:1");
            assertThat(s.limit()).isEqualTo(1);
            assertThat(s.availableSlots()).isZero();
            assertThat(s.activeCount()).isEqualTo(1);
            assertThat(s.blockedWaiters()).isEqualTo(1);
        });
        assertThat(snapshot.failedJobs()).isEqualTo(new BackendSnapshot.FailedJobs(1, T0.minus(Duration.ofHours(2)),
                7200.0, 3600.0, 1L));

        // stats.json: the reference's keys, in configured order
        JsonNode stats = json.readTree(observability.statsJson());
        JsonNode entry = stats.get("backends").get(0);
        assertThat(stats.get("backends").size()).isEqualTo(1);
        assertThat(entry.get("backend_alias").asString()).isEqualTo("default");
        assertThat(entry.get("queue_database_alias").asString()).isEqualTo("default");
        assertThat(entry.get("process_alive_threshold").asDouble()).isEqualTo(300.0);
        JsonNode emailJson = entry.get("queues").get(2);
        assertThat(emailJson.propertyNames()).containsExactly("name", "ready_count", "scheduled_count", "claimed_count",
                "blocked_count", "failed_count", "finished_count", "finished_count_at_least", "invalid_count", "paused", "latency_seconds",
                "oldest_scheduled_at", "oldest_blocked_at", "live_worker_count");
        assertThat(emailJson.get("oldest_scheduled_at").asString()).isEqualTo(T0.plus(Duration.ofHours(1)).toString());
        assertThat(entry.get("queues").get(3).get("latency_seconds").isNull()).isTrue();
        assertThat(entry.get("runner_metrics").get("by_kind").get("Worker").get("stale").asLong()).isEqualTo(1);
        assertThat(entry.get("recurring").get(0).propertyNames()).containsExactly("key", "task_path", "queue_name",
                "schedule", "static", "last_run_at", "next_run_at");
        assertThat(entry.get("semaphores").get(0).propertyNames()).contains("key", "active_count", "available_slots",
                "limit", "blocked_waiters", "expires_at");
        assertThat(entry.get("failed_jobs").get("over_retention_count").asLong()).isEqualTo(1);
        assertThat(entry.get("failed_jobs").get("retention_seconds").asDouble()).isEqualTo(3600.0);

        // metrics: every family with its labels, from the same snapshot data
        String metrics = new PrometheusMetrics(observability).scrape();
        assertThat(metrics).contains(
                "jqueue_queue_jobs{backend=\"default\",queue=\"email\",state=\"ready\"} 2.0",
                "jqueue_queue_jobs{backend=\"default\",queue=\"work\",state=\"failed\"} 1.0",
                "jqueue_queue_jobs{backend=\"default\",queue=\"broken\",state=\"invalid\"} 1.0",
                "jqueue_queue_paused{backend=\"default\",queue=\"quiet\"} 1.0",
                "jqueue_queue_latency_seconds{backend=\"default\",queue=\"email\"} 60.0",
                "jqueue_queue_live_workers{backend=\"default\",queue=\"work\"} 1.0",
                "jqueue_runner_processes{backend=\"default\",status=\"live\"} 2.0",
                "jqueue_runner_processes{backend=\"default\",status=\"stale\"} 2.0",
                "jqueue_runner_processes_by_kind{backend=\"default\",kind=\"Worker\",status=\"stale\"} 1.0",
                "jqueue_recurring_tasks{backend=\"default\"} 1.0",
                "jqueue_semaphores{queue_database=\"default\"} 1.0",
                "jqueue_process_rows{backend=\"default\"} 4.0",
                "jqueue_failed_jobs{backend=\"default\"} 1.0",
                "jqueue_failed_job_oldest_age_seconds{backend=\"default\"} 7200.0",
                "jqueue_failed_job_retention_seconds{backend=\"default\"} 3600.0",
                "jqueue_failed_jobs_over_retention{backend=\"default\"} 1.0",
                "jqueue_queue_jobs{backend=\"default\",queue=\"email\",state=\"finished\"} 1.0",
                "jqueue_queue_finished_jobs_at_least{backend=\"default\",queue=\"email\"} 1.0",
                "jqueue_invalid_check_age_seconds{backend=\"default\"} 0.0",
                "# TYPE jqueue_queue_jobs gauge");
        assertThat(metrics).as("latency is omitted for paused and empty queues")
                .doesNotContain("jqueue_queue_latency_seconds{backend=\"default\",queue=\"quiet\"}")
                .doesNotContain("jqueue_queue_latency_seconds{backend=\"default\",queue=\"work\"}");
    }

    @Test
    void retentionFamiliesAppearOnlyWithRetentionAndJobMetricsAreRecorded() {
        Backends plain = new Backends();
        plain.add(backend, BackendProperties.defaults());
        PrometheusMetrics metrics = new PrometheusMetrics(new JQueueObservability(plain, json));
        JobEventsRegistration registration = new JobEventsRegistration(plain,
                new JobMetrics(List.of(metrics.meterRegistry())));
        try {
            JobEvents.executed(backend.context(), "test.echo", "email", Duration.ofMillis(5).toNanos(), true);
            JobEvents.executed(backend.context(), "test.fail", "work", Duration.ofMillis(7).toNanos(), false);
            JobEvents.enqueued(backend.context(), "test.echo", "email", 3);
            String text = metrics.scrape();
            assertThat(text).contains("jqueue_failed_jobs{backend=\"default\"} 1.0")
                    .doesNotContain("jqueue_failed_job_retention_seconds", "jqueue_failed_jobs_over_retention")
                    .contains("jqueue_jobs_executed_seconds_count{backend=\"default\",outcome=\"success\",queue=\"email\",task=\"test.echo\"} 1")
                    .contains("jqueue_jobs_executed_seconds_count{backend=\"default\",outcome=\"failure\",queue=\"work\",task=\"test.fail\"} 1")
                    .contains("jqueue_jobs_enqueued_total{backend=\"default\",queue=\"email\",task=\"test.echo\"} 3.0");
        } finally {
            registration.destroy();
        }
        JobEvents.executed(backend.context(), "test.echo", "email", 1, true);
        assertThat(JobEvents.listeners(backend.context())).isEmpty();
    }

    static BackendSnapshot.QueueSnapshot queue(BackendSnapshot snapshot, String name) {
        return snapshot.queues().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    private String quote(String identifier) {
        return backend.context().dialect.quote(identifier);
    }

    void execute(String sql, Object... params) {
        TestSql.execute(dataSource, backend.context().dialect, sql, params);
    }
}
