package dev.jqueue.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Supervisor;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Processes killed with {@code kill -9} while jobs flow, on a private PostgreSQL (so that the
 * nodes' connections never crowd the machine's shared server): scenario 4, a whole standalone supervisor;
 * scenario 5, a fork-mode worker child again and again; scenario 7, a node killed after its
 * tasks returned and before their completions committed. The surviving node is an async
 * supervisor in this JVM; the failed jobs are retried as an operator would.
 */
class NodeCrashChaosTest {

    static PrivatePostgres server;
    HikariDataSource dataSource;
    Backend backend;
    RunLedger ledger;
    final List<ChaosNode> nodes = new ArrayList<>();
    Supervisor survivor;

    @BeforeAll
    static void startServer() {
        server = PrivatePostgres.start("the node crash scenarios");
    }

    @AfterAll
    static void removeServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp(TestInfo test) {
        String database = "chaos_" + test.getTestMethod().orElseThrow().getName().substring(0, 9).toLowerCase();
        server.createDatabase(database);
        dataSource = Chaos.pool("chaos-" + database, server.jdbcUrl(database), server.user(), 16);
        backend = BackendBuilder.on(dataSource).tasks(new ChaosTasks(dataSource)).build();
        ledger = new RunLedger(dataSource).reset();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(ChaosNode::close);
        if (survivor != null) {
            survivor.stop();
        }
        dataSource.close();
    }

    ChaosNode node(String name, String mode, int threads) {
        ChaosNode node = ChaosNode.start(name, List.of(), dataSource.getJdbcUrl(), "postgres",
                ChaosNode.options(mode, threads, "500ms", "3s"));
        nodes.add(node);
        return node;
    }

    /** The node that survives: an async supervisor in this JVM with the same short alive threshold. */
    void startSurvivor() {
        survivor = BackendBuilder.supervisor(backend, BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("*"), 8, 1, Duration.ofMillis(50), 2, false)))
                .withDispatchers(List.of(new DispatcherProperties(500, Duration.ofMillis(200))))
                .withTimings(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(5))
                .withRetention(null, null, null));
        survivor.start();
    }

    long claimsOfPid(long pid) {
        return ledger.count("SELECT COUNT(*) FROM jqueue_claimed_executions c JOIN jqueue_processes p ON p.id = c.process_id "
                + "WHERE p.pid = " + pid);
    }

    long failedWith(String errorClass) {
        return ledger.count("SELECT COUNT(*) FROM jqueue_failed_executions WHERE exception_class = '" + errorClass + "'");
    }

    /** Retries failed jobs, as an operator would, until every job is done. */
    void retryUntilDone(long jobs, Duration timeout) throws InterruptedException {
        Chaos.await("every job done", timeout, () -> {
            backend.jobActions.retryAllFailed();
            return ledger.successful() == jobs;
        }, () -> ledger.successful() + " of " + jobs + " done, " + ledger.failed() + " failed");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void scenario4WholeSupervisorKilledAndPrunedByAnotherNode() throws Exception {
        int limited = 12;
        for (int i = 0; i < limited; i++) {
            backend.enqueue("chaos.limited", "k" + (i % 4), 3_000L); // four keys, one slot each
        }
        int plain = 2_000;
        Chaos.enqueue(backend, plain, "chaos.record", 20L);
        ChaosNode a = node("scenario4-node-a", "async", 8);
        Chaos.await("node A to run the four keyed jobs and others", Duration.ofSeconds(90),
                () -> a.requireAlive() != null && claimsOfPid(a.pid()) >= 4 && ledger.count("SELECT COUNT(*) FROM jqueue_blocked_executions") == 8,
                a::output);
        Thread.sleep(1_000);
        Instant killed = Instant.now();
        a.kill();
        startSurvivor();
        Duration recovery = Chaos.timeUntil(killed, Duration.ofSeconds(30),
                () -> ledger.count("SELECT COUNT(*) FROM jqueue_processes WHERE pid = " + a.pid()) == 0
                        && claimsOfPid(a.pid()) == 0);
        long pruned = failedWith("dev.jqueue.ProcessPrunedError");
        assertThat(pruned).as("node A's claims failed with ProcessPrunedError").isGreaterThanOrEqualTo(4);
        retryUntilDone(limited + plain, Duration.ofSeconds(90));

        ReliabilityLine line = ledger.line("4. async supervisor killed -9 mid-drain, pruned by another node ("
                + pruned + " claims failed with ProcessPrunedError, retried)", "PostgreSQL", limited + plain, recovery);
        line.assertClean();
        assertThat(ledger.count("SELECT COUNT(*) FROM jqueue_semaphores WHERE value < 1"))
                .as("no slot is still held by the dead node").isZero();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void scenario5WorkerChildKilledEveryFewSeconds() throws Exception {
        ChaosNode node = node("scenario5-fork", "fork", 8);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger enqueued = new AtomicInteger();
        Thread producer = Thread.ofPlatform().name("chaos-producer").start(() -> {
            while (producing.get()) {
                Chaos.enqueue(backend, 25, "chaos.record", 5L);
                enqueued.addAndGet(25);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        int kills = 0;
        Instant until = Instant.now().plusSeconds(25);
        Instant lastKill = Instant.now();
        try {
            while (Instant.now().isBefore(until)) {
                long before = ledger.runs();
                Chaos.await("a worker child that runs jobs", Duration.ofSeconds(60),
                        () -> node.requireAlive() != null && workerPid() > 0 && ledger.runs() > before + 50, node::output);
                long pid = workerPid();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                kills++;
                lastKill = Instant.now();
                Chaos.await("the killed child's row to go", Duration.ofSeconds(20), () -> ledger.count(
                        "SELECT COUNT(*) FROM jqueue_processes WHERE pid = " + pid) == 0, node::output);
                Thread.sleep(1_000);
            }
        } finally {
            producing.set(false);
            producer.join(10_000);
        }
        Duration recovery = Chaos.recovery(ledger, lastKill);
        long exits = failedWith("dev.jqueue.ProcessExitError");
        retryUntilDone(enqueued.get(), Duration.ofSeconds(60));

        ReliabilityLine line = ledger.line("5. fork worker child killed -9 " + kills + " times in 25 s while jobs flow ("
                + exits + " claims failed with ProcessExitError, retried)", "PostgreSQL", enqueued.get(), recovery);
        assertThat(kills).isGreaterThanOrEqualTo(3);
        line.assertClean();
    }

    private long workerPid() {
        return ledger.count("SELECT COALESCE(MAX(pid), 0) FROM jqueue_processes WHERE kind = 'Worker'");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void scenario7CrashAfterTheTaskReturnedBeforeItsCompletionCommitted() throws Exception {
        int jobs = 10;
        Chaos.enqueue(backend, jobs, "chaos.idempotent", 1_500L);
        ChaosNode a = node("scenario7-node-a", "async", jobs);
        Chaos.await("node A to claim every job", Duration.ofSeconds(90), () -> a.requireAlive() != null && claimsOfPid(a.pid()) == jobs,
                a::output);
        Instant killed;
        // Hold the claims table: the tasks return and record their runs, their completion waits.
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute("LOCK TABLE jqueue_claimed_executions IN EXCLUSIVE MODE");
            Chaos.await("every task to return", Duration.ofSeconds(30), () -> ledger.runs() == jobs, a::output);
            Thread.sleep(500); // the completer has sent its DELETE and waits for the lock
            killed = Instant.now();
            a.kill();
            lock.rollback();
        }
        assertThat(ledger.successful()).as("no completion committed").isZero();
        startSurvivor();
        Duration recovery = Chaos.timeUntil(killed, Duration.ofSeconds(30), () -> claimsOfPid(a.pid()) == 0
                && ledger.count("SELECT COUNT(*) FROM jqueue_processes WHERE pid = " + a.pid()) == 0);
        assertThat(failedWith("dev.jqueue.ProcessPrunedError")).isEqualTo(jobs);
        retryUntilDone(jobs, Duration.ofSeconds(30));

        ReliabilityLine line = ledger.line("7. killed -9 after the tasks returned, before the completion committed "
                + "(every job ran again; effects applied once: " + ledger.effects() + ")", "PostgreSQL", jobs, recovery);
        assertThat(line.runs()).as("at least once: each task body ran again after the crash").isEqualTo(2L * jobs);
        assertThat(ledger.effects()).as("the idempotent task applied its effect once per job").isEqualTo(jobs);
        line.assertClean();
    }
}
