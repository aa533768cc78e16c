package dev.jqueue.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.BackendStats;
import dev.jqueue.BackendStats.QueueSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverviewSummaryTest {

    @Test
    void addsUpBacklogAttentionAndFinished() {
        BackendStats stats = new BackendStats("default", Instant.now(), List.of(
                new QueueSummary("default", 3, 2, 1, 4, 5, 10, 1, false, Optional.of(Duration.ofSeconds(2))),
                new QueueSummary("mailers", 1, 0, 0, 0, 2, 7, 0, true, Optional.empty())));

        assertThat(OverviewSummary.of(stats)).isEqualTo(new OverviewSummary(2, 1, 6, 12, 17));
    }

    @Test
    void durationsReadNaturally() {
        assertThat(DurationText.format(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(DurationText.format(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(DurationText.format(Duration.ofSeconds(184))).isEqualTo("3 min 4 s");
        assertThat(DurationText.format(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(DurationText.format(Duration.ofHours(50))).isEqualTo("2 d 2 h");
    }
}
