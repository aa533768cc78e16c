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
