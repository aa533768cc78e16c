package dev.jqueue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.EnqueueOptions;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.observability.BackendSnapshot;
import dev.jqueue.observability.InvalidStateChecks;
import dev.jqueue.observability.SharedSnapshots;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The console's shared snapshot: however many pages ask at once, a backend's snapshot
 * statements run once per interval (counted on the DataSource), and every reader gets that
 * one snapshot.
 */
class PostgresSharedSnapshotStatementsTest {

    private static final int READERS = 16;
    private static final int READS_EACH = 10;

    @Test
    void manyConcurrentReadersCostOneSnapshotPerInterval() throws Exception {
        StatementCounter counted = new StatementCounter(TestDatabase.POSTGRES.dataSource());
        Backend backend = BackendBuilder.on(counted).tasks(new TestTasks()).migrate(false).build();
        backend.enqueue(EnqueueOptions.onQueue("mail"), "test.echo", "x");
        Backends backends = new Backends();
        backends.add(backend, BackendProperties.defaults());
        try (InvalidStateChecks checks = new InvalidStateChecks(Duration.ofHours(1))) {
            checks.checkNow(backend); // fresh for the hour: no background check during the test
            SharedSnapshots shared = new SharedSnapshots(backends, checks, Duration.ofHours(1));

            counted.reset();
            BackendSnapshot first = shared.get("default");
            int perSnapshot = counted.statements();
            assertThat(perSnapshot).isPositive();
            assertThat(first.queues()).extracting(BackendSnapshot.QueueSnapshot::name).containsExactly("mail");

            shared.expire("default");
            counted.reset();
            Set<BackendSnapshot> seen = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(READERS);
            try {
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    readers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < READS_EACH; i++) {
                            seen.add(shared.get("default"));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> reader : readers) {
                    reader.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(counted.statements()).as("statements for %d reads", READERS * READS_EACH).isEqualTo(perSnapshot);
            assertThat(seen).hasSize(1);

            // Once the interval is over the next reader takes a new one.
            SharedSnapshots everyTime = new SharedSnapshots(backends, checks, Duration.ZERO);
            counted.reset();
            everyTime.get("default");
            everyTime.get("default");
            assertThat(counted.statements()).isEqualTo(2 * perSnapshot);
        }
    }
}
