package dev.jqueue.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.command.JQueueCommands;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.observability.JQueueHealthIndicator;
import dev.jqueue.runtime.Lifecycle;
import dev.jqueue.runtime.Runner;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.runtime.Worker;
import dev.jqueue.sql.DatabaseOutage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.health.contributor.Status;

/**
 * The queue database going away under a draining async supervisor, on a private server the test
 * starts (so it may stop it and cut its sessions): scenario 1, the server restarted mid-drain,
 * and scenario 2, every session killed again and again mid-drain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseOutageChaos {

    /** A runtime error as the error handler received it. */
    record Reported(String context, Throwable error) {
    }

    protected PrivateServer server;
    protected HikariDataSource pool;
    protected Backend backend;
    protected RunLedger ledger;
    protected Supervisor supervisor;
    protected final List<Reported> reported = new CopyOnWriteArrayList<>();

    protected abstract PrivateServer startServer();

    protected abstract String family();

    /** Jobs of the restart scenario. */
    protected abstract int restartJobs();

    @BeforeAll
    void startServerOnce() {
        server = startServer();
    }

    @AfterAll
    void removeServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void stopEverything() {
        if (supervisor != null) {
            supervisor.stop();
            supervisor = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
        reported.clear();
    }

    /** A fresh database with the jqueue schema and the run ledger. */
    protected void open(String database, int poolSize) {
        server.createDatabase(database);
        pool = Chaos.pool("chaos-" + database, server.jdbcUrl(database), server.user(), poolSize);
        backend = BackendBuilder.on(pool).tasks(new ChaosTasks(pool)).build();
        ledger = new RunLedger(pool).reset();
    }

    protected BackendProperties properties(Duration workerPolling, Duration heartbeat) {
        return BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("*"), 8, 1, workerPolling, 2, false)))
                .withDispatchers(List.of(new DispatcherProperties(500, Duration.ofMillis(200))))
                .withTimings(heartbeat, Duration.ofSeconds(60), Duration.ofSeconds(10))
                .withRetention(null, null, null);
    }

    protected void startSupervisor(BackendProperties properties) {
        supervisor = BackendBuilder.supervisor(backend, properties,
                new Lifecycle(List.of(), (context, error) -> reported.add(new Reported(context, error))));
        supervisor.start();
    }

    /** Reports of the database being unreachable (an outage should be reported once, not per thread per poll). */
    protected long outageReports() {
        return reported.stream().filter(r -> DatabaseOutage.classify(r.error()) == DatabaseOutage.Kind.UNAVAILABLE).count();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void scenario1RestartedMidDrain() throws Exception {
        open("chaos_restart", 16);
        int jobs = restartJobs();
        Chaos.enqueue(backend, jobs, "chaos.record", 0L);
        // with a scheduler (dynamic tasks on), so that every kind of runner lives through the outage
        startSupervisor(properties(Duration.ofMillis(50), Duration.ofSeconds(1))
                .withScheduler(new SchedulerProperties(true, Duration.ofMillis(500)), Map.of()));
        List<Runner> runners = supervisor.runners();
        assertThat(runners).extracting(Runner::kind).contains("Scheduler", "Worker", "Dispatcher");
        Worker worker = (Worker) runners.stream().filter(Worker.class::isInstance).findFirst().orElseThrow();
        Chaos.await("a quarter of the jobs done", Duration.ofSeconds(120), () -> ledger.successful() >= jobs / 4,
                () -> ledger.successful() + " done");

        server.stop();
        Backends backends = new Backends();
        backends.add(backend, BackendProperties.defaults());
        Chaos.await("the runtime to notice the outage", Duration.ofSeconds(30),
                () -> backend.context().db.outage().downSince().isPresent(), () -> "no outage seen");
        var health = new JQueueHealthIndicator(backends, "default").health();
        assertThat(health.getStatus()).as("Actuator health during the outage").isEqualTo(Status.DOWN);
        assertThat(health.getDetails().toString()).contains("databaseUnreachableSince");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JQueueCommands.run("jqueue:health", backends, new DefaultApplicationArguments(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("jqueue:health during the outage").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unhealthy: queue database unreachable");
        // The operator's probe, a fresh JVM that cannot even start its context: it says why, and exits 1.
        ChaosNode.CommandResult probe = ChaosNode.command(server.jdbcUrl("chaos_restart"), server.user(), "jqueue:health");
        assertThat(probe.status()).as("jqueue:health in a new JVM during the outage: " + probe.output()).isEqualTo(1);
        assertThat(probe.output()).contains("unhealthy: queue database unreachable");
        server.start();
        Instant back = Instant.now();
        Duration recovery = Chaos.recovery(ledger, back);

        Chaos.await("every job done", Duration.ofSeconds(180), () -> ledger.successful() == jobs,
                () -> ledger.successful() + " of " + jobs + " done");
        Chaos.await("the LISTEN connection back", Duration.ofSeconds(30),
                () -> !backend.context().notifyEnabled() || worker.listening(), () -> "not listening");
        ReliabilityLine line = ledger.line("1. database restarted mid-drain", family(), jobs, recovery);
        line.assertClean();
        assertThat(line.runs()).as("no job ran twice because of the outage").isEqualTo(jobs);
        assertThat(outageReports()).as("the outage reached the error handler once: " + reported).isEqualTo(1);
        assertThat(supervisor.runners()).as("worker, dispatcher and scheduler kept running, none replaced")
                .containsExactlyElementsOf(runners);
        assertThat(runners).noneMatch(Runner::crashed);
        assertThat(new JQueueHealthIndicator(backends, "default").health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void scenario2SessionsKilledRepeatedlyMidDrain() throws Exception {
        String database = "chaos_kill";
        open(database, 16);
        int jobs = 5_000;
        Chaos.enqueue(backend, jobs, "chaos.record", 1L);
        startSupervisor(properties(Duration.ofMillis(50), Duration.ofSeconds(1)));
        AtomicInteger killed = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        Instant lastKill = Instant.now();
        while (Chaos.safeSuccessful(ledger) < jobs * 9L / 10 && rounds.get() < 20) {
            Thread.sleep(500);
            killed.addAndGet(server.terminateSessions(database));
            rounds.incrementAndGet();
            lastKill = Instant.now();
        }
        Duration recovery = Chaos.recovery(ledger, lastKill);
        Chaos.await("every job done", Duration.ofSeconds(120), () -> ledger.successful() == jobs,
                () -> ledger.successful() + " of " + jobs + " done");
        System.out.println("[jqueue chaos] " + rounds.get() + " rounds of pg_terminate_backend/KILL ended " + killed.get()
                + " sessions");
        ReliabilityLine line = ledger.line("2. sessions killed every 0.5 s mid-drain (" + rounds.get() + " rounds, "
                + killed.get() + " sessions)", family(), jobs, recovery);
        assertThat(killed.get()).as("sessions were killed").isPositive();
        line.assertClean();
        assertThat(line.runs()).isEqualTo(jobs);
    }
}
