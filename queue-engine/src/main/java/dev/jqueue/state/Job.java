package dev.jqueue.state;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code jqueue_jobs} as the hot path needs it. */
public record Job(UUID id, String taskPath, String queueName, int priority, String payload, String backend,
                  Instant scheduledAt, int attempts, Instant createdAt, ConcurrencyPolicy concurrency) {

    public static final String COLUMNS = "j.id, j.task_path, j.queue_name, j.priority, j.backend_alias, "
            + "j.scheduled_at, j.attempts, j.created_at, j.concurrency_key, j.concurrency_limit, "
            + "j.concurrency_duration, j.concurrency_on_conflict";

    public Job(UUID id, String taskPath, String queueName, int priority, String payload, String backend,
               Instant scheduledAt, int attempts, Instant createdAt) {
        this(id, taskPath, queueName, priority, payload, backend, scheduledAt, attempts, createdAt, null);
    }

    /** The same job due at another time. */
    public Job withScheduledAt(Instant at) {
        return new Job(id, taskPath, queueName, priority, payload, backend, at, attempts, createdAt, concurrency);
    }

    /** Is this job due at {@code now} (no run time, or a run time not ahead)? */
    public boolean dueAt(Instant now) {
        return scheduledAt == null || !scheduledAt.isAfter(now);
    }
}
