package dev.jqueue;

/**
 * Receives runtime errors outside task code: failing hooks, heartbeats, LISTEN connections,
 * crashed runners, housekeeping. Task exceptions never come here; they fail their jobs.
 * Register a bean of this type to forward them (to an error tracker, say); by default they are
 * logged with event {@code jqueue.thread_error}.
 */
@FunctionalInterface
public interface JQueueErrorHandler {

    /** {@code context} names where it happened, e.g. {@code hook:worker.start} or {@code supervisor.housekeeping}. */
    void handle(String context, Throwable error);
}
