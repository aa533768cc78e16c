package dev.jqueue.recurring;

import java.time.Instant;
import java.util.List;

/**
 * A recurring task of one backend, as stored in {@code jqueue_recurring_tasks}.
 *
 * @param backend the backend alias (keys are unique per backend)
 * @param key the task's key
 * @param taskPath the task each tick enqueues
 * @param args the arguments of every enqueued job (plain JSON values)
 * @param schedule the cron expression
 * @param queue queue of every enqueued job
 * @param priority priority of every enqueued job
 * @param description free text
 * @param isStatic true for tasks from configuration ({@code jqueue.backends.<alias>.recurring.<key>}),
 *                 false for tasks created at runtime
 * @param nextRunAt the next tick the scheduler will fire; for a task that has not fired since it
 *                  was created or its schedule changed, the next tick after now
 * @param lastRunAt the tick of the newest reservation (null if none is stored)
 * @param createdAt when the row was created
 * @param updatedAt when its definition last changed
 */
public record RecurringTask(String backend, String key, String taskPath, List<Object> args, String schedule,
                            String queue, int priority, String description, boolean isStatic, Instant nextRunAt,
                            Instant lastRunAt, Instant createdAt, Instant updatedAt) {

    public RecurringTask {
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }
}
