package dev.jqueue.recurring;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.RecurringTaskProperties;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.runtime.Poller;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code scheduler-1} runner: on start it synchronizes the backend's static recurring tasks
 * (an invalid configuration or a key clash stops the start with an {@link dev.jqueue.EnqueueError}
 * naming the key), then every {@code scheduler.polling-interval} it fires due recurring tasks,
 * polling again at once while batches are full. Dynamic tasks fire only when
 * {@code scheduler.dynamic-tasks-enabled=true}.
 */
public final class Scheduler extends Poller {

    public static final String KIND = "Scheduler";
    public static final String NAME = "scheduler-1";

    private final RecurringService recurring;
    private final boolean dynamicTasksEnabled;
    private final int batchSize;

    /** A scheduler with the backend's settings and static tasks (which it also gives the backend's API). */
    public Scheduler(Backend backend, SchedulerProperties scheduler, Map<String, RecurringTaskProperties> staticTasks) {
        this(NAME, backend, scheduler, staticTasks, RecurringFiring.BATCH_SIZE);
    }

    public Scheduler(String name, Backend backend, SchedulerProperties scheduler,
                     Map<String, RecurringTaskProperties> staticTasks, int batchSize) {
        super(name, scheduler.pollingInterval());
        this.recurring = backend.recurring();
        recurring.configure(scheduler, staticTasks);
        this.dynamicTasksEnabled = scheduler.dynamicTasksEnabled();
        this.batchSize = batchSize;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dynamic_tasks_enabled", dynamicTasksEnabled);
        metadata.put("polling_interval", pollingInterval.toMillis() / 1000.0);
        metadata.put("static_task_count", recurring.staticTasks().size());
        return metadata;
    }

    @Override
    public void start(long processId) {
        recurring.staticSync().sync();
        super.start(processId);
    }

    @Override
    protected boolean poll() {
        RecurringFiring.Outcome outcome = recurring.firing()
                .fireDue(recurring.context().now(), dynamicTasksEnabled, batchSize);
        return outcome.tasksExamined() >= batchSize && !outcome.publishedJobs().isEmpty();
    }

    @Override
    public boolean awaitStop(Duration timeout) {
        return joinLoop(timeout);
    }
}
