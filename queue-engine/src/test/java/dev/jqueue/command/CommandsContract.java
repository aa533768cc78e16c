package dev.jqueue.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.observability.JQueueHealthIndicator;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.MutableClock;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestSql;
import dev.jqueue.testing.TestTasks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.health.contributor.Status;

/**
 * jqueue:health, jqueue:prune and jqueue:postgres-autovacuum called directly, the same on every
 * database (a subclass per database); the PostgreSQL diagnostics only where they apply.
 */
abstract class CommandsContract {

    protected abstract TestDatabase database();

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    HikariDataSource dataSource;
    MutableClock clock;
    Backend backend;
    Backends backends;

    /** What a command printed and returned. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        clock = new MutableClock(T0);
        backend = BackendBuilder.on(dataSource).migrate(false).clock(clock).tasks(new TestTasks()).build();
        backends = new Backends();
        backends.add(backend, BackendProperties.defaults());
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JQueueCommands.run(args[0], backends, new DefaultApplicationArguments(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    long process(String kind, Instant heartbeat) {
        return backend.context().processes.register(kind, kind.toLowerCase() + "-" + UUID.randomUUID(), 1, "host",
                "{\"rollout_protocol\":1}", null, heartbeat);
    }

    // ------------------------------------------------------------------ health

    @Test
    void healthNeedsALiveProcessAndMaxAgeNarrowsLiveness() {
        Run none = run("jqueue:health");
        assertThat(none).isEqualTo(new Run(1, "", "unhealthy: no live jqueue processes\n"));

        process("Supervisor", T0.minus(Duration.ofMinutes(10)));
        assertThat(run("jqueue:health").status()).as("older than the 300 s threshold: stale").isEqualTo(1);
        assertThat(run("jqueue:health", "--max-age=900")).isEqualTo(new Run(0, "healthy\n", ""));

        process("Worker", T0.minus(Duration.ofSeconds(30)));
        assertThat(run("jqueue:health")).isEqualTo(new Run(0, "healthy\n", ""));
        assertThat(run("jqueue:health", "--max-age=10").err()).isEqualTo("unhealthy: no live jqueue processes\n");
        assertThat(run("jqueue:health", "--deep")).isEqualTo(new Run(0, "healthy\n", ""));

        assertThat(run("jqueue:health", "--max-age=-1")).isEqualTo(new Run(1, "",
                "jqueue:health: --max-age must not be negative (got -1)\n"));
        assertThat(run("jqueue:health", "--backend=nope").err()).contains("backend 'nope' is not configured");
        Run typo = run("jqueue:health", "--maxage=3");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --maxage", "--max-age");
    }

    @Test
    void deepHealthReportsEveryInconsistency() throws SQLException {
        backends = new Backends();
        backends.add(backend, BackendProperties.defaults().withRetention(Duration.ofDays(1), Duration.ofHours(1), null));
        process("Supervisor", T0);
        // a job with no live row (invalid)
        TaskResult lost = backend.enqueue("test.echo", "lost");
        execute("DELETE FROM jqueue_ready_executions WHERE job_id = ?", lost.id());
        // a ready row whose queue differs from its job's
        TaskResult moved = backend.enqueue(EnqueueOptions.onQueue("a"), "test.echo", "moved");
        execute("UPDATE jqueue_ready_executions SET queue_name = 'b' WHERE job_id = ?", moved.id());
        // a claim without a process, and one held by a stale process
        backend.enqueue(EnqueueOptions.onQueue("orphan"), "test.echo", "orphan");
        backend.claim.claim(null, QueueSelector.parse(List.of("orphan")), 1);
        long stale = process("Worker", T0.minus(Duration.ofHours(1)));
        backend.enqueue(EnqueueOptions.onQueue("stale"), "test.echo", "stale");
        backend.claim.claim(stale, QueueSelector.parse(List.of("stale")), 1);
        // a semaphore with more free slots than its limit
        execute("INSERT INTO jqueue_semaphores (" + quote("key") + ", value, active_count, " + quote("limit")
                + ", expires_at, created_at, updated_at) VALUES ('k', 3, 0, 1, ?, ?, ?)", T0, T0, T0);
        // a failed job older than clear-failed-jobs-after (1 h)
        clock.set(T0.minus(Duration.ofHours(2)));
        backend.enqueue(EnqueueOptions.onQueue("f"), "test.fail", "x");
        Job failing = backend.claim.claim(null, QueueSelector.parse(List.of("f")), 1).getFirst();
        backend.completion.fail(failing.id(), "E", "m", "", null);
        clock.set(T0);
        // a recurring reservation that never got its job
        execute("INSERT INTO jqueue_recurring_executions (backend_alias, intended_job_id, task_key, run_at, created_at) "
                + "VALUES ('default', ?, 'nightly', ?, ?)", UUID.randomUUID(), T0.minus(Duration.ofHours(1)),
                T0.minus(Duration.ofHours(1)));

        Run plain = run("jqueue:health");
        assertThat(plain).isEqualTo(new Run(0, "healthy\n", ""));
        Run deep = run("jqueue:health", "--deep");
        assertThat(deep.status()).isEqualTo(1);
        assertThat(deep.out()).isEmpty();
        assertThat(deep.err().lines().toList()).containsExactlyInAnyOrder(
                "unhealthy: 1 job(s) in an invalid execution state",
                "unhealthy: 1 ready row(s) whose backend or queue differs from their job's",
                "unhealthy: 1 claimed row(s) whose process is missing",
                "unhealthy: 1 claimed row(s) whose process is stale",
                "unhealthy: 1 recurring reservation(s) without a job",
                "unhealthy: 1 semaphore(s) with impossible counts (limit < 1, value < 0, value > limit or active_count < 0)",
                "unhealthy: 1 failed job(s) older than clear-failed-jobs-after (3600s); run jqueue:prune");
    }

    long process(String name, String metadata, Instant heartbeat) {
        return backend.context().processes.register("Worker", name, 1, "host", metadata, null, heartbeat);
    }

    @Test
    void requireVersionIsUnhealthyWhenALiveProcessReportsAnotherVersion() {
        process("supervisor-a", "{\"jqueue_version\":\"0.1.0\",\"rollout_protocol\":1}", T0);
        process("worker-old-stale", "{\"jqueue_version\":\"0.0.9\",\"rollout_protocol\":1}",
                T0.minus(Duration.ofHours(1)));
        assertThat(run("jqueue:health", "--require-version=0.1.0")).isEqualTo(new Run(0, "healthy\n", ""));
        assertThat(run("jqueue:health", "--require-version=0.1.0", "--deep")).isEqualTo(new Run(0, "healthy\n", ""));

        process("worker-old", "{\"jqueue_version\":\"0.0.9\",\"rollout_protocol\":1}", T0);
        process("worker-unknown", "{\"rollout_protocol\":1}", T0);
        assertThat(run("jqueue:health")).as("without --require-version the version is not checked")
                .isEqualTo(new Run(0, "healthy\n", ""));
        assertThat(run("jqueue:health", "--require-version=0.1.0")).isEqualTo(new Run(1, "",
                "unhealthy: 2 live process(es) on a jqueue version other than 0.1.0: 0.0.9 (worker-old); none (worker-unknown)\n"));
        assertThat(run("jqueue:health", "--require-version=0.0.9").err())
                .isEqualTo("unhealthy: 2 live process(es) on a jqueue version other than 0.0.9: 0.1.0 (supervisor-a); "
                        + "none (worker-unknown)\n");
        assertThat(run("jqueue:health", "--require-version=")).isEqualTo(new Run(2, "",
                "jqueue:health: --require-version needs a value, got an empty one\n"));
        assertThat(run("jqueue:health", "--require-version", "0.1.0")).as("the seed's spacing")
                .isEqualTo(run("jqueue:health", "--require-version=0.1.0"));
    }

    @Test
    void theHealthContributorIsUpOnlyWithALiveProcessForTheEmbeddedBackend() {
        JQueueHealthIndicator embedded = new JQueueHealthIndicator(backends, "default");
        assertThat(embedded.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(new JQueueHealthIndicator(backends, null).health().getStatus()).isEqualTo(Status.UP);
        process("Supervisor", T0);
        assertThat(embedded.health().getStatus()).isEqualTo(Status.UP);
        assertThat(embedded.health().getDetails().toString()).contains("liveProcesses=1");
    }

    // ------------------------------------------------------------------ prune

    UUID finishedAt(Instant at, String task) {
        clock.set(at);
        TaskResult result = backend.enqueue(EnqueueOptions.onQueue("done"), task, "x");
        Job job = backend.claim.claim(null, QueueSelector.parse(List.of("done")), 1).getFirst();
        backend.completion.complete(List.of(new ClaimedExecution.Completion(job.id(), "null")));
        clock.set(T0);
        return result.id();
    }

    @Test
    void pruneDeletesOneBatchOfEachAndSaysWhenTheBatchWasFull() throws SQLException {
        for (int i = 0; i < 3; i++) {
            finishedAt(T0.minus(Duration.ofDays(2)), "test.echo");
        }
        finishedAt(T0.minus(Duration.ofDays(2)), "test.count");
        finishedAt(T0.minus(Duration.ofHours(1)), "test.echo");
        clock.set(T0.minus(Duration.ofDays(9)));
        backend.enqueue(EnqueueOptions.onQueue("f"), "test.fail", "x");
        Job failing = backend.claim.claim(null, QueueSelector.parse(List.of("f")), 1).getFirst();
        backend.completion.fail(failing.id(), "E", "m", "", null);
        clock.set(T0);
        execute("INSERT INTO jqueue_recurring_executions (backend_alias, intended_job_id, task_key, run_at, created_at) "
                + "VALUES ('default', ?, 'nightly', ?, ?)", UUID.randomUUID(), T0.minus(Duration.ofDays(40)), T0);

        // the configured defaults: finished after 1 day; failed and recurring unset (skipped)
        assertThat(run("jqueue:prune", "--task-path=test.echo", "--batch-size=2")).isEqualTo(new Run(0,
                "deleted 2 finished jobs, 0 failed jobs, and 0 recurring executions\n"
                        + "batch limit reached; run jqueue:prune again to check for more\n", ""));
        assertThat(run("jqueue:prune", "--task-path=test.echo").out())
                .isEqualTo("deleted 1 finished jobs, 0 failed jobs, and 0 recurring executions\n");
        assertThat(run("jqueue:prune", "--older-than=1800", "--failed-older-than=604800",
                "--recurring-older-than=2592000", "--task-key=nightly").out())
                .isEqualTo("deleted 2 finished jobs, 1 failed jobs, and 1 recurring executions\n");
        assertThat(run("jqueue:prune", "--older-than=0").out())
                .isEqualTo("deleted 0 finished jobs, 0 failed jobs, and 0 recurring executions\n");
    }

    @Test
    void pruneRefusesNegativeWindowsAndEmptyBatches() {
        assertThat(run("jqueue:prune", "--older-than=-5")).isEqualTo(new Run(1, "",
                "jqueue:prune: --older-than must not be negative (got -5)\n"));
        assertThat(run("jqueue:prune", "--failed-older-than=-1").err()).contains("--failed-older-than must not be negative");
        assertThat(run("jqueue:prune", "--recurring-older-than=-1").err()).contains("--recurring-older-than must not be negative");
        assertThat(run("jqueue:prune", "--batch-size=0")).isEqualTo(new Run(1, "",
                "jqueue:prune: --batch-size must be a positive integer (got 0)\n"));
        assertThat(run("jqueue:prune", "--batch-size=-3").status()).isEqualTo(1);
        assertThat(run("jqueue:prune", "--older-than=soon").err()).contains("--older-than must be a number of seconds");
    }

    // ------------------------------------------------------------------ autovacuum

    @Test
    void autovacuumPrintsReviewableStatementsOnPostgresAndRefusesElsewhere() {
        if (database() != TestDatabase.POSTGRES) {
            assertThat(run("jqueue:postgres-autovacuum")).isEqualTo(new Run(1, "", "jqueue:postgres-autovacuum: autovacuum "
                    + "settings apply to PostgreSQL only; backend 'default' is on " + backend.context().dialect.name() + "\n"));
            assertThat(run("jqueue:nonsense").status()).isEqualTo(2);
            return;
        }
        Run postgres = run("jqueue:postgres-autovacuum");
        assertThat(postgres.status()).isZero();
        assertThat(postgres.out().lines().toList()).containsExactly(
                "ALTER TABLE jqueue_jobs SET (" + AutovacuumCommand.SETTINGS + ");",
                "ALTER TABLE jqueue_ready_executions SET (" + AutovacuumCommand.SETTINGS + ");",
                "ALTER TABLE jqueue_scheduled_executions SET (" + AutovacuumCommand.SETTINGS + ");",
                "ALTER TABLE jqueue_claimed_executions SET (" + AutovacuumCommand.SETTINGS + ");",
                "ALTER TABLE jqueue_blocked_executions SET (" + AutovacuumCommand.SETTINGS + ");",
                "ALTER TABLE jqueue_failed_executions SET (" + AutovacuumCommand.SETTINGS + ");",
                "ALTER TABLE jqueue_recurring_executions SET (" + AutovacuumCommand.SETTINGS + ");");
        assertThat(AutovacuumCommand.SETTINGS).isEqualTo("autovacuum_vacuum_scale_factor = 0.01, "
                + "autovacuum_vacuum_threshold = 50, autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 50");
        // the statements are valid PostgreSQL
        backend.context().db.inTransaction(connection -> {
            for (String statement : AutovacuumCommand.statements()) {
                connection.createStatement().execute(statement);
            }
            connection.rollback();
            return null;
        });

        Backend sqlite = BackendBuilder.on(TestDatabase.SQLITE.dataSource()).alias("lite").migrate(false).build();
        backends.add(sqlite, BackendProperties.defaults());
        assertThat(run("jqueue:postgres-autovacuum", "--backend=lite")).isEqualTo(new Run(1, "",
                "jqueue:postgres-autovacuum: autovacuum settings apply to PostgreSQL only; backend 'lite' is on sqlite\n"));
        assertThat(run("jqueue:nonsense").status()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ helpers

    private String quote(String identifier) {
        return backend.context().dialect.quote(identifier);
    }

    void execute(String sql, Object... params) {
        TestSql.execute(dataSource, backend.context().dialect, sql, params);
    }
}
