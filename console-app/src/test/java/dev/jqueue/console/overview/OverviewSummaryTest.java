package dev.jqueue.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.BackendStats;
import dev.jqueue.BackendStats.QueueSummary;
import dev.jqueue.observability.BackendSnapshot.QueueSnapshot;
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

        OverviewSummary summary = OverviewSummary.of(stats);

        assertThat(summary).isEqualTo(new OverviewSummary(2, 1, 4, 2, 7, 4, 1, 17));
        assertThat(summary.backlog()).isEqualTo(6);
        assertThat(summary.attention()).isEqualTo(12);
    }

    @Test
    void snapshotsAddUpTheSameWay() {
        List<QueueSnapshot> queues = List.of(
                new QueueSnapshot("default", 3, 2, 1, 4, 5, 10, 1, false, 2.0, null, null, 1),
                new QueueSnapshot("mailers", 1, 0, 0, 0, 2, 7, 0, true, null, null, null, 0));

        assertThat(OverviewSummary.of(queues)).isEqualTo(new OverviewSummary(2, 1, 4, 2, 7, 4, 1, 17));
    }

    @Test
    void retentionReadsNaturally() {
        BackendFacts kept = facts(true, Duration.ofDays(1), null);
        BackendFacts dropped = facts(false, Duration.ofDays(1), Duration.ofDays(7));

        assertThat(kept.retention()).isEqualTo("finished 1 d 0 h, failed kept");
        assertThat(dropped.retention()).isEqualTo("finished jobs not kept, failed 7 d 0 h");
    }

    private static BackendFacts facts(boolean preserve, Duration finished, Duration failed) {
        return new BackendFacts("default", "async", "sqlite", "SQLite 3.50", "dataSource", true, false, false, false,
                "unsupported", "unsupported", Duration.ofSeconds(60), Duration.ofMinutes(5), preserve, finished, failed);
    }
}
