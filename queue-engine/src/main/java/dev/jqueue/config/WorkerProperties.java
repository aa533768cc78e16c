package dev.jqueue.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One worker pool ({@code jqueue.backends.<alias>.workers[i].*}).
 *
 * @param queues ordered queue selectors: exact names, {@code prefix*}, or {@code *}
 * @param threads jobs run at once
 * @param processes worker processes in fork mode (async mode uses 1)
 * @param pollingInterval sleep between polls when there is nothing to claim
 * @param prefetchMultiplier claim up to threads × this many jobs at once
 * @param virtualThreads run jobs on virtual threads
 */
public record WorkerProperties(
        @DefaultValue("*") List<String> queues,
        @DefaultValue("3") int threads,
        @DefaultValue("1") int processes,
        @DefaultValue("100ms") Duration pollingInterval,
        @DefaultValue("2") int prefetchMultiplier,
        @DefaultValue("false") boolean virtualThreads) {

    public WorkerProperties {
        queues = queues == null || queues.isEmpty() ? List.of("*") : List.copyOf(queues);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be a positive integer (got " + threads + ")");
        }
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be a positive integer (got " + processes + ")");
        }
        if (prefetchMultiplier < 1) {
            throw new IllegalArgumentException("prefetch-multiplier must be a positive integer (got " + prefetchMultiplier + ")");
        }
        BackendProperties.requirePositive(pollingInterval, "polling-interval", false);
    }

    public static WorkerProperties defaults() {
        return new WorkerProperties(List.of("*"), 3, 1, Duration.ofMillis(100), 2, false);
    }
}
