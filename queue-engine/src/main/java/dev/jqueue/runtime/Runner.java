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

    /** Process row id, once started. */
    long processId();
}
