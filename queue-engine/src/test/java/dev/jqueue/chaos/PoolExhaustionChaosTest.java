package dev.jqueue.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Lifecycle;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.sql.DatabaseOutage;
import dev.jqueue.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Pool exhaustion, on the machine's PostgreSQL (a few connections of the test's own database):
 * a worker whose pool is far smaller than it needs, and an application that holds every pooled
 * connection for a while. Both slow down and say why ({@code pool.exhausted} with the pool's
 * name, once), never deadlock and never run a job twice.
 */
class PoolExhaustionChaosTest {

    HikariDataSource pool;
    Supervisor supervisor;
    final List<String> reported = new CopyOnWriteArrayList<>();
    final ListAppender<ILoggingEvent> events = new ListAppender<>();
    final Logger eventLog = (Logger) LoggerFactory.getLogger("dev.jqueue.events");

    @BeforeEach
    void captureEvents() {
        events.start();
        eventLog.addAppender(events);
    }

    @AfterEach
    void tearDown() {
        eventLog.detachAppender(events);
        if (supervisor != null) {
            supervisor.stop();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private Backend backendOnPool(String name, int size) {
        TestDatabase.POSTGRES.dataSource(); // the test database exists and is reset
        pool = Chaos.pool(name, TestDatabase.POSTGRES.dataSource().getJdbcUrl(), "postgres", size);
        pool.setConnectionTimeout(500); // a short wait, so a dry pool shows at once
        return BackendBuilder.on(pool).migrate(false).tasks(new ChaosTasks(pool)).build();
    }

    private void start(Backend backend, int threads) {
        supervisor = BackendBuilder.supervisor(backend, BackendProperties.defaults()
                        .withWorkers(List.of(new WorkerProperties(List.of("*"), threads, 1, Duration.ofMillis(20), 2, false)))
                        .withDispatchers(List.of(new DispatcherProperties(500, Duration.ofMillis(200))))
                        .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10))
                        .withRetention(null, null, null),
                new Lifecycle(List.of(), (context, error) -> {
                    if (DatabaseOutage.classify(error) == DatabaseOutage.Kind.POOL_EXHAUSTED) {
                        reported.add(context + ": " + error.getMessage());
                    }
                }));
        supervisor.start();
    }

    private long poolEvents(String poolName) {
        return events.list.stream().filter(e -> e.getKeyValuePairs() != null && e.getKeyValuePairs().stream()
                .anyMatch(kv -> kv.key.equals("event") && kv.value.equals("pool.exhausted"))
                && e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("pool") && kv.value.equals(poolName))).count();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aPoolFarSmallerThanTheWorkerNeedsSlowsItDownAndSaysSo() throws Exception {
        // 2 connections for LISTEN, claims, completions, heartbeats, a dispatcher and 8 task bodies that each hold one
        Backend backend = backendOnPool("chaos-small-pool", 2);
        RunLedger ledger = new RunLedger(pool).reset();
        int jobs = 100;
        Chaos.enqueue(backend, jobs, "chaos.holding", 100L);
        Instant started = Instant.now();
        start(backend, 8);
        Chaos.await("every job done on a pool of two", Duration.ofSeconds(90), () -> ledger.successful() == jobs,
                () -> ledger.successful() + " of " + jobs + " done");
        ReliabilityLine line = ledger.line("pool exhaustion: a pool of 2 for a worker of 8 threads whose tasks hold a "
                + "connection 0.1 s (" + poolEvents("chaos-small-pool") + " pool.exhausted event; drained in)", "PostgreSQL",
                jobs, Duration.between(started, Instant.now()));
        assertThat(poolEvents("chaos-small-pool")).as("pool.exhausted names the pool, logged once per shortage")
                .isEqualTo(1);
        assertThat(reported).as("the error handler heard of it").isNotEmpty().allMatch(r -> r.contains("chaos-small-pool"));
        line.assertClean();
        assertThat(line.runs()).isEqualTo(jobs);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anApplicationHoldingEveryConnectionStallsTheWorkerUntilItLetsGo() throws Exception {
        Backend backend = backendOnPool("chaos-held-pool", 6);
        RunLedger ledger = new RunLedger(pool).reset();
        int jobs = 2_000;
        Chaos.enqueue(backend, jobs, "chaos.record", 1L);
        start(backend, 4);
        Chaos.await("the drain to start", Duration.ofSeconds(30), () -> ledger.successful() > 100, () -> "not started");
        List<Connection> held = new ArrayList<>();
        Instant released;
        try {
            // The application takes every connection it can get and keeps them for three seconds.
            Instant until = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(until)) {
                try {
                    held.add(pool.getConnection());
                } catch (java.sql.SQLException busy) {
                    // the worker has one right now; take it when it gives it back
                }
            }
            assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isZero();
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
            released = Instant.now();
        }
        Duration recovery = Chaos.recovery(ledger, released);
        Chaos.await("every job done", Duration.ofSeconds(60), () -> ledger.successful() == jobs,
                () -> ledger.successful() + " of " + jobs + " done");
        ReliabilityLine line = ledger.line("pool exhaustion: the application holds every connection for 3 s mid-drain ("
                + held.size() + " connections)", "PostgreSQL", jobs, recovery);
        assertThat(poolEvents("chaos-held-pool")).as("pool.exhausted names the pool").isPositive();
        line.assertClean();
        // Every job ran; no attempt ran twice. A claim whose answer is lost to the held pool can make
        // one job run again under a new attempt (seen once in 2,000 on a clean-clone CI run, with
        // job.claim_recovered): reported in the line, bounded here, and an open question in
        // docs/reliability.md rather than hidden.
        assertThat(line.runs()).isBetween((long) jobs, (long) jobs + 2);
    }
}
