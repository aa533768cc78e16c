package dev.jqueue.runtime;

import java.time.Duration;
import java.util.Map;

/** A supervised unit of work (worker, dispatcher) with its own process row. */
public interface Runner {

    /** Kind stored in {@code jqueue_processes.kind}: Worker, Dispatcher, Scheduler. */
    String kind();

    /** Name, unique under its supervisor: {@code worker-1}, {@code dispatcher-1}. */
    String name();

    /** Kind-specific facts stored in the process row's metadata. */
    Map<String, Object> metadata();

    /** Starts the runner's threads, registered under the given process row. */
    void start(long processId);

    /** Stops claiming new work and wakes the runner; returns at once. */
    void requestStop();

    /**
     * Waits up to {@code timeout} for the runner to finish what it holds. Returns true when it
     * drained cleanly.
     */
    boolean awaitStop(Duration timeout);

    /**
     * Like {@link #awaitStop}, for a runner being replaced: what is still held at the timeout is
     * interrupted but not failed here; the supervisor fails it with the reason of the replacement.
     */
    default boolean abandon(Duration timeout) {
        return awaitStop(timeout);
    }

    /** Heartbeat the process row from the runner's own loop every {@code interval} (before {@link #start}). */
    default void heartbeatEvery(Duration interval) {
    }

    /** True once the runner found its process row gone and stopped (the supervisor replaces it). */
    default boolean rowLost() {
        return false;
    }

    /** Process row id, once started. */
    long processId();

    /** True when the runner's loop died of an unexpected error (the supervisor replaces it). */
    default boolean crashed() {
        return false;
    }

    /** A new, unstarted runner with the same settings (to replace a crashed one); null if it cannot be rebuilt. */
    default Runner fresh() {
        return null;
    }
}
