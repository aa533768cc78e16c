package dev.jqueue;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-call enqueue options. Null fields fall back to the task's annotation, then to the
 * defaults ({@code default} queue, priority 0, run now). Immutable; each setter returns a copy.
 */
public record EnqueueOptions(String queue, Integer priority, Instant runAt, Duration runAfter) {

    private static final EnqueueOptions DEFAULTS = new EnqueueOptions(null, null, null, null);

    public static EnqueueOptions defaults() {
        return DEFAULTS;
    }

    public static EnqueueOptions onQueue(String queue) {
        return DEFAULTS.queue(queue);
    }

    public EnqueueOptions queue(String queue) {
        return new EnqueueOptions(queue, priority, runAt, runAfter);
    }

    public EnqueueOptions priority(int priority) {
        return new EnqueueOptions(queue, priority, runAt, runAfter);
    }

    /** Run no earlier than this instant. */
    public EnqueueOptions runAt(Instant at) {
        return new EnqueueOptions(queue, priority, at, null);
    }

    /** Run no earlier than this long after the enqueue. */
    public EnqueueOptions runAfter(Duration delay) {
        return new EnqueueOptions(queue, priority, null, delay);
    }

    /** The instant the job becomes due, or null for "now". */
    public Instant dueAt(Instant now) {
        if (runAt != null) {
            return runAt;
        }
        return runAfter == null ? null : now.plus(runAfter);
    }
}
