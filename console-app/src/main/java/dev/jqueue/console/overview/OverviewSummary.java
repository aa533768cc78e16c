package dev.jqueue.console.overview;

import dev.jqueue.BackendStats;
import dev.jqueue.BackendStats.QueueSummary;
import dev.jqueue.observability.BackendSnapshot.QueueSnapshot;
import java.util.List;

/**
 * The headline numbers of a backend: how many queues (and how many paused), the backlog
 * waiting to run (ready and scheduled), the jobs that need an operator's attention (failed,
 * blocked, invalid) and the finished ones.
 */
public record OverviewSummary(int queues, int paused, long ready, long scheduled, long failed, long blocked,
                              long invalid, long finished) {

    public long backlog() {
        return ready + scheduled;
    }

    public long attention() {
        return failed + blocked + invalid;
    }

    public static OverviewSummary of(BackendStats stats) {
        List<QueueSummary> queues = stats.queues();
        return new OverviewSummary(queues.size(), (int) queues.stream().filter(QueueSummary::paused).count(),
                queues.stream().mapToLong(QueueSummary::ready).sum(),
                queues.stream().mapToLong(QueueSummary::scheduled).sum(),
                queues.stream().mapToLong(QueueSummary::failed).sum(),
                queues.stream().mapToLong(QueueSummary::blocked).sum(),
                queues.stream().mapToLong(QueueSummary::invalid).sum(),
                queues.stream().mapToLong(QueueSummary::finished).sum());
    }

    public static OverviewSummary of(List<QueueSnapshot> queues) {
        return new OverviewSummary(queues.size(), (int) queues.stream().filter(QueueSnapshot::paused).count(),
                queues.stream().mapToLong(QueueSnapshot::readyCount).sum(),
                queues.stream().mapToLong(QueueSnapshot::scheduledCount).sum(),
                queues.stream().mapToLong(QueueSnapshot::failedCount).sum(),
                queues.stream().mapToLong(QueueSnapshot::blockedCount).sum(),
                queues.stream().mapToLong(QueueSnapshot::invalidCount).sum(),
                queues.stream().mapToLong(QueueSnapshot::finishedCount).sum());
    }
}
