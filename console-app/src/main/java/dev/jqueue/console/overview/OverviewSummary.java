package dev.jqueue.console.overview;

import dev.jqueue.BackendStats;
import dev.jqueue.BackendStats.QueueSummary;
import java.util.List;

/**
 * The headline numbers of a backend: how many queues (and how many paused), the backlog
 * waiting to run, the jobs that need an operator's attention, and the finished ones.
 */
public record OverviewSummary(int queues, int paused, long backlog, long attention, long finished) {

    public static OverviewSummary of(BackendStats stats) {
        List<QueueSummary> queues = stats.queues();
        return new OverviewSummary(
                queues.size(),
                (int) queues.stream().filter(QueueSummary::paused).count(),
                queues.stream().mapToLong(q -> q.ready() + q.scheduled()).sum(),
                queues.stream().mapToLong(q -> q.failed() + q.blocked() + q.invalid()).sum(),
                queues.stream().mapToLong(QueueSummary::finished).sum());
    }
}
