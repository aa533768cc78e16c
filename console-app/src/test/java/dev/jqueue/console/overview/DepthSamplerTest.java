package dev.jqueue.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.BackendStats;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.observability.QueueDepthHistory;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.BackendStats.QueueSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DepthSamplerTest {

    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final Map<String, BackendStats> stats = new HashMap<>();
    @org.junit.jupiter.api.BeforeEach
    void emptyHistory() {
        dev.jqueue.testing.TestSql.execute(DATABASE, "DELETE FROM jqueue_queue_depth_samples");
    }

    private final DepthSampler sampler = new DepthSampler(() -> List.of("default", "broken"), alias -> {
        BackendStats current = stats.get(alias);
        if (current == null) {
            throw new IllegalStateException("database down");
        }
        return current;
    }, alias -> new QueueDepthHistory(backend(alias), Duration.ofSeconds(30)), clock, Duration.ofSeconds(30),
            Duration.ofHours(1));

    /** Both backends keep their history in the test's SQLite database, emptied before each test. */
    private static Backend backend(String alias) {
        return BackendBuilder.on(DATABASE).alias(alias).migrate(false).build();
    }

    private static final javax.sql.DataSource DATABASE = TestDatabase.SQLITE.dataSource();

    @Test
    void aRestartedSamplerDrawsTheHistoryAnEarlierOneWrote() {
        stats.put("default", queues(3, 2, 4));
        sampler.sample();
        DepthSampler restarted = new DepthSampler(() -> List.of("default"), alias -> stats.get(alias),
                alias -> new QueueDepthHistory(backend(alias), Duration.ofSeconds(30)), clock, Duration.ofSeconds(30),
                Duration.ofHours(1));
        assertThat(restarted.samples("default")).extracting(QueueDepthHistory.Sample::total).containsExactly(9L);
    }

    private static BackendStats queues(long mailReady, long mailScheduled, long reportsReady) {
        return new BackendStats("default", START, List.of(
                new QueueSummary("mail", mailReady, mailScheduled, 9, 9, 9, 9, 9, false, Optional.empty()),
                new QueueSummary("reports", reportsReady, 0, 0, 0, 0, 0, 0, true, Optional.empty())));
    }

    @Test
    void recordsReadyPlusScheduledPerQueue() {
        stats.put("default", queues(3, 2, 4));

        sampler.sample();

        List<QueueDepthHistory.Sample> samples = sampler.samples("default");
        assertThat(samples).hasSize(1);
        assertThat(samples.getFirst().at()).isEqualTo(START);
        assertThat(samples.getFirst().depthByQueue()).containsExactly(Map.entry("mail", 5L), Map.entry("reports", 4L));
        assertThat(samples.getFirst().total()).isEqualTo(9);
    }

    @Test
    void aBackendThatCannotBeReadIsSkippedAndTheOthersGoOn() {
        stats.put("default", queues(1, 0, 0));

        sampler.sample();

        assertThat(sampler.samples("broken")).isEmpty();
        assertThat(sampler.samples("default")).hasSize(1);
    }

    @Test
    void keepsOneHourOldestFirst() {
        for (int i = 0; i < 130; i++) {
            stats.put("default", queues(i, 0, 0));
            sampler.sample();
            clock.now = clock.now.plusSeconds(30);
        }

        List<QueueDepthHistory.Sample> samples = sampler.samples("default");
        // 130 samples 30 s apart, read 30 s after the last: the hour before now holds the last 120.
        assertThat(samples).hasSize(120);
        assertThat(samples.getFirst().total()).isEqualTo(10);
        assertThat(samples.getLast().total()).isEqualTo(129);
        assertThat(Duration.between(samples.getFirst().at(), samples.getLast().at())).isEqualTo(Duration.ofMinutes(59).plusSeconds(30));
    }

    @Test
    void startsAndStopsItsThread() throws InterruptedException {
        stats.put("default", queues(2, 0, 0));

        sampler.start();
        try {
            assertThat(sampler.isRunning()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sampler.samples("default").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            sampler.stop();
        }

        assertThat(sampler.samples("default")).isNotEmpty(); // the first sample is taken at start
        assertThat(sampler.isRunning()).isFalse();
    }
}
