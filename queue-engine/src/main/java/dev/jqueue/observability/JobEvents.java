package dev.jqueue.observability;

import dev.jqueue.operations.BackendContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine reports job events without knowing who listens: listeners are registered per
 * backend (keyed by its {@link BackendContext} instance, weakly, so contexts of closed Spring
 * applications are not kept alive), and the engine calls the static methods below. With no
 * listener registered a call costs one map lookup.
 *
 * <p>Call sites: {@code Worker} after a task body returns or throws
 * ({@link #executed(BackendContext, String, String, long, boolean)}), and the enqueue path after
 * it wrote jobs ({@link #enqueued(BackendContext, String, String, int)}).
 */
public final class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    private static final Map<BackendContext, List<JobEventListener>> LISTENERS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private JobEvents() {
    }

    public static void register(BackendContext backend, JobEventListener listener) {
        LISTENERS.computeIfAbsent(backend, b -> new CopyOnWriteArrayList<>()).add(listener);
    }

    public static void unregister(BackendContext backend, JobEventListener listener) {
        List<JobEventListener> listeners = LISTENERS.get(backend);
        if (listeners != null) {
            listeners.remove(listener);
        }
    }

    static List<JobEventListener> listeners(BackendContext backend) {
        List<JobEventListener> listeners = LISTENERS.get(backend);
        return listeners == null ? List.of() : new ArrayList<>(listeners);
    }

    /** A worker ran a job: {@code nanos} of task body, {@code success} unless it threw or its result failed to serialize. */
    public static void executed(BackendContext backend, String taskPath, String queue, long nanos, boolean success) {
        List<JobEventListener> listeners = LISTENERS.get(backend);
        if (listeners == null || listeners.isEmpty()) {
            return;
        }
        Duration duration = Duration.ofNanos(nanos);
        JobEventListener.Outcome outcome = success ? JobEventListener.Outcome.SUCCESS : JobEventListener.Outcome.FAILURE;
        for (JobEventListener listener : listeners) {
            try {
                listener.executed(backend.alias, taskPath, queue, duration, outcome);
            } catch (RuntimeException e) {
                log.warn("jqueue job listener {} failed: {}", listener, e.toString());
            }
        }
    }

    /** Jobs were enqueued. */
    public static void enqueued(BackendContext backend, String taskPath, String queue, int count) {
        List<JobEventListener> listeners = LISTENERS.get(backend);
        if (listeners == null || listeners.isEmpty()) {
            return;
        }
        for (JobEventListener listener : listeners) {
            try {
                listener.enqueued(backend.alias, taskPath, queue, count);
            } catch (RuntimeException e) {
                log.warn("jqueue job listener {} failed: {}", listener, e.toString());
            }
        }
    }
}
