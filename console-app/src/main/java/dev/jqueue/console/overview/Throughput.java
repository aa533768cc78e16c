package dev.jqueue.console.overview;

import dev.jqueue.console.ui.SvgChart.Point;
import java.time.Instant;
import java.util.List;

/**
 * Jobs finished and failed per minute over a window of whole minutes.
 *
 * @param from start of the first minute
 * @param to end of the last minute (exclusive)
 * @param finished one point per minute (its start), jobs whose {@code finished_at} falls in it
 * @param failed one point per minute, failed executions created in it (still failed now)
 */
public record Throughput(Instant from, Instant to, List<Point> finished, List<Point> failed) {

    public long totalFinished() {
        return finished.stream().mapToLong(p -> (long) p.value()).sum();
    }

    public long totalFailed() {
        return failed.stream().mapToLong(p -> (long) p.value()).sum();
    }
}
