package dev.jqueue.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.BackendStats;
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
    private final DepthSampler sampler = new DepthSampler(() -> List.of("default", "broken"), alias -> {
        BackendStats current = stats.get(alias);
        if (current == null) {
            throw new IllegalStateException("database down");
        }
        return current;
    }, clock, Duration.ofSeconds(30), Duration.ofHours(1));

    private static BackendStats queues(long mailReady, long mailScheduled, long reportsReady) {
        return new BackendStats("default", START, List.of(
                new QueueSummary("mail", mailReady, mailScheduled, 9, 9, 9, 9, 9, false, Optional.empty()),
                new QueueSummary("reports", reportsReady, 0, 0, 0, 0, 0, 0, true, Optional.empty())));
    }

    @Test
    void recordsReadyPlusScheduledPerQueue() {
        stats.put("default", queues(3, 2, 4));

        sampler.sample();

        List<DepthSampler.Sample> samples = sampler.samples("default");
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

        List<DepthSampler.Sample> samples = sampler.samples("default");
        // 130 samples 30 s apart span 64.5 min; the last hour holds 121 of them (both ends included).
        assertThat(samples).hasSize(121);
        assertThat(samples.getFirst().total()).isEqualTo(9);
        assertThat(samples.getLast().total()).isEqualTo(129);
        assertThat(Duration.between(samples.getFirst().at(), samples.getLast().at())).isEqualTo(Duration.ofHours(1));
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
