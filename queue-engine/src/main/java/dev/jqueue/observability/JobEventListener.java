package dev.jqueue.observability;

import java.time.Duration;

/**
 * Hook for per-job events, called by the engine on the thread that did the work. Implementations
 * must be fast and must not throw (a failure is logged and ignored by {@link JobEvents}).
 * {@link JobMetrics} records them as Micrometer meters.
 */
public interface JobEventListener {

    /** How a job's run ended. */
    enum Outcome {
        SUCCESS, FAILURE;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code count} jobs of one task were enqueued into {@code queue} (written, maybe not yet committed). */
    default void enqueued(String backend, String taskPath, String queue, int count) {
    }

    /** A worker ran a job's task body; {@code duration} is the body's run time. */
    default void executed(String backend, String taskPath, String queue, Duration duration, Outcome outcome) {
    }
}
