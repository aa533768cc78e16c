package dev.jqueue.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.runtime.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 1 and 2 on PostgreSQL (20,000 jobs restarted mid-drain; sessions terminated with
 * {@code pg_terminate_backend} every half second), and scenario 3: the LISTEN connection killed.
 */
class PostgresOutageChaosTest extends DatabaseOutageChaos {

    @Override
    protected PrivateServer startServer() {
        return PrivatePostgres.start("the PostgreSQL outage scenarios");
    }

    @Override
    protected String family() {
        return "PostgreSQL";
    }

    @Override
    protected int restartJobs() {
        return 20_000;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void scenario3ListenConnectionKilled() throws Exception {
        String database = "chaos_listen";
        open(database, 8);
        // Polling every 60 s and heartbeats every 60 s: a job picked up within seconds was woken by LISTEN.
        startSupervisor(properties(Duration.ofSeconds(60), Duration.ofSeconds(60)));
        Worker worker = (Worker) supervisor.runners().getFirst();
        Chaos.await("the LISTEN connection", Duration.ofSeconds(20), worker::listening, () -> "not listening");
        Thread.sleep(500); // the worker's first poll has found nothing and it waits for a wake-up
        assertThat(pickUp()).as("pickup through LISTEN before the kill").isNotNull();

        int rounds = 3;
        List<Duration> recoveries = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int reportsBefore = reported.size();
            Instant kill = Instant.now();
            assertThat(((PrivatePostgres) server).terminateListeners(database)).as("LISTEN sessions ended").isEqualTo(1);
            Chaos.await("the LISTEN failure to reach the error handler", Duration.ofSeconds(20),
                    () -> reported.size() > reportsBefore || reported.stream().anyMatch(r -> r.context().endsWith(".listen")),
                    () -> reported.toString());
            Chaos.await("LISTEN again", Duration.ofSeconds(20), worker::listening, () -> "not listening");
            Thread.sleep(300); // the wake-up on reconnect has been used
            assertThat(pickUp()).as("pickup through LISTEN after kill " + (round + 1)).isNotNull();
            recoveries.add(Duration.between(kill, Instant.now()));
        }
        assertThat(reported).anyMatch(r -> r.context().equals("worker-1.listen"));
        ReliabilityLine line = ledger.line("3. LISTEN connection killed (" + rounds + " times; pickup by NOTIFY after each)",
                family(), 1 + rounds, recoveries.stream().max(Duration::compareTo).orElseThrow());
        line.assertClean();
    }

    /** Enqueues one job and waits (bounded, far below the 60 s polling interval) for it to finish. */
    private UUID pickUp() throws InterruptedException {
        UUID id = backend.enqueue("chaos.record", 0L).id();
        Chaos.await("pickup by NOTIFY", Duration.ofSeconds(10),
                () -> backend.getResult(id).status() == dev.jqueue.TaskStatus.SUCCESSFUL, () -> backend.getResult(id).toString());
        return id;
    }
}
