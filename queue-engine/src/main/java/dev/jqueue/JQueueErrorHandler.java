package dev.jqueue;

/**
 * Receives runtime errors outside task code: failing hooks, polls, heartbeats, completions that
 * could not be recorded, LISTEN connections, crashed runners, housekeeping. A database outage or an
 * exhausted pool arrives once, with the context where it was first seen, not once per thread and
 * poll. Task exceptions never come here; they fail their jobs.
 * Register a bean of this type to forward them (to an error tracker, say); by default they are
 * logged with event {@code jqueue.thread_error}.
 */
@FunctionalInterface
public interface JQueueErrorHandler {

    /**
     * {@code context} names where it happened, e.g. {@code hook:worker.start}, {@code worker-1.listen}
     * or {@code supervisor.housekeeping}.
     */
    void handle(String context, Throwable error);
}
