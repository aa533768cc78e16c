package dev.jqueue;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A lifecycle hook, registered as a bean: {@code @Bean JQueueHook audit() { return
 * JQueueHook.on("worker.start", p -> ...); }}. Events are {@code <kind>.<phase>} with kind
 * {@code supervisor|worker|dispatcher|scheduler} and phase {@code start} (after the process
 * registered), {@code stop} (when its stop begins) or {@code exit} (after it deregistered).
 * Hooks run in registration order; one that throws is reported to the
 * {@link JQueueErrorHandler} and the others still run.
 */
public interface JQueueHook {

    Set<String> EVENTS = Set.of("supervisor.start", "supervisor.stop", "supervisor.exit", "worker.start", "worker.stop",
            "worker.exit", "dispatcher.start", "dispatcher.stop", "dispatcher.exit", "scheduler.start", "scheduler.stop",
            "scheduler.exit");

    /** The event this hook listens to. */
    String event();

    void run(ProcessInfo process);

    // dj_queue's named helpers, one per event: JQueueHook.onWorkerStart(p -> ...) reads like on_worker_start.

    /** {@code supervisor.start}: the supervisor registered its row. */
    static JQueueHook onStart(Consumer<ProcessInfo> action) {
        return on("supervisor.start", action);
    }

    /** {@code supervisor.stop}: the supervisor's stop began. */
    static JQueueHook onStop(Consumer<ProcessInfo> action) {
        return on("supervisor.stop", action);
    }

    /** {@code supervisor.exit}: the supervisor deregistered. */
    static JQueueHook onExit(Consumer<ProcessInfo> action) {
        return on("supervisor.exit", action);
    }

    static JQueueHook onWorkerStart(Consumer<ProcessInfo> action) {
        return on("worker.start", action);
    }

    static JQueueHook onWorkerStop(Consumer<ProcessInfo> action) {
        return on("worker.stop", action);
    }

    static JQueueHook onWorkerExit(Consumer<ProcessInfo> action) {
        return on("worker.exit", action);
    }

    static JQueueHook onDispatcherStart(Consumer<ProcessInfo> action) {
        return on("dispatcher.start", action);
    }

    static JQueueHook onDispatcherStop(Consumer<ProcessInfo> action) {
        return on("dispatcher.stop", action);
    }

    static JQueueHook onDispatcherExit(Consumer<ProcessInfo> action) {
        return on("dispatcher.exit", action);
    }

    static JQueueHook onSchedulerStart(Consumer<ProcessInfo> action) {
        return on("scheduler.start", action);
    }

    static JQueueHook onSchedulerStop(Consumer<ProcessInfo> action) {
        return on("scheduler.stop", action);
    }

    static JQueueHook onSchedulerExit(Consumer<ProcessInfo> action) {
        return on("scheduler.exit", action);
    }

    /** Any event by name ({@code <kind>.<phase>}); an unknown name is refused with the known ones. */
    static JQueueHook on(String event, Consumer<ProcessInfo> action) {
        String normalized = event == null ? "" : event.trim().toLowerCase(Locale.ROOT);
        if (!EVENTS.contains(normalized)) {
            throw new IllegalArgumentException("unknown jqueue hook event '" + event + "'; known: " + EVENTS);
        }
        return new JQueueHook() {
            @Override
            public String event() {
                return normalized;
            }

            @Override
            public void run(ProcessInfo process) {
                action.accept(process);
            }

            @Override
            public String toString() {
                return "JQueueHook[" + normalized + "]";
            }
        };
    }
}
