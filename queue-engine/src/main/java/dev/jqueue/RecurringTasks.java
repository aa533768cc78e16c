package dev.jqueue;

import dev.jqueue.recurring.RecurringTask;
import dev.jqueue.recurring.SchedulePreview;
import java.util.List;
import java.util.Optional;

/**
 * The recurring tasks of one backend: static ones come from configuration
 * ({@code jqueue.backends.<alias>.recurring.<key>}) and are synchronized when the scheduler
 * starts; dynamic ones are created, changed and removed at runtime through this API (and the
 * console). Keys are unique per backend.
 *
 * <p><strong>Dynamic tasks fire only when {@code jqueue.backends.<alias>.scheduler.dynamic-tasks-enabled=true}.</strong>
 * The API accepts them regardless (so they can be prepared ahead of enabling), but a scheduler
 * with dynamic tasks disabled leaves them alone.
 *
 * <p>Each tick of a task publishes exactly one job per (backend, key, tick), however many
 * schedulers run; after downtime only the latest missed tick fires.
 */
public interface RecurringTasks {

    /**
     * Creates or updates (by key) a dynamic recurring task. A changed schedule restarts the
     * task's cursor, so the latest tick of the new schedule fires at the next poll (unless that
     * tick already fired).
     *
     * @param key unique per backend, at most 255 characters
     * @param taskPath a {@code @JQueueTask} path (or any path when the backend allows unregistered tasks)
     * @param schedule cron expression (see {@link dev.jqueue.recurring.CronSchedule})
     * @param args arguments of every enqueued job; each must survive a JSON round trip into its parameter
     * @param queue queue of every enqueued job ({@code null} means {@code default})
     * @param priority priority of every enqueued job, -100..100
     * @param description free text ({@code null} means empty)
     * @throws EnqueueError on invalid input ("key must be a non-empty string", "schedule must be a valid
     *         cron expression", "task 'x' is not registered …", "queue 'q' is not allowed …",
     *         "priority must be an integer from -100 to 100", "payload must be JSON round-trippable …") or when
     *         the key belongs to a static task ("recurring task key 'k' is already managed statically")
     */
    RecurringTask schedule(String key, String taskPath, String schedule, List<Object> args, String queue,
                           int priority, String description);

    /** {@link #schedule(String, String, String, List, String, int, String)} on queue {@code default}, priority 0. */
    default RecurringTask schedule(String key, String taskPath, String schedule, List<Object> args) {
        return schedule(key, taskPath, schedule, args, "default", 0, "");
    }

    /**
     * Removes a dynamic task and returns how many rows went (0 or 1). A static task is not
     * removed: the call returns 0 and changes nothing (remove it from configuration instead).
     */
    int unschedule(String key);

    /** Every recurring task of this backend, static and dynamic, ordered by key, with last and next run. */
    List<RecurringTask> list();

    Optional<RecurringTask> find(String key);

    /**
     * Checks a schedule and describes it: plain English plus the next {@code count} fire times
     * from now. Throws {@link EnqueueError} "schedule must be a valid cron expression" when invalid.
     */
    SchedulePreview preview(String schedule, int count);

    /** Whether this backend's scheduler fires dynamic tasks ({@code scheduler.dynamic-tasks-enabled}). */
    boolean dynamicTasksEnabled();
}
