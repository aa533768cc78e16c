package dev.jqueue.recurring;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.RecurringTaskProperties;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.retention.Retention;
import dev.jqueue.runtime.Poller;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code scheduler-1} runner: on start it synchronizes the backend's static recurring tasks
 * (an invalid configuration or a key clash stops the start with an {@link dev.jqueue.EnqueueError}
 * naming the key), then every {@code scheduler.polling-interval} it fires due recurring tasks,
 * polling again at once while batches are full. Dynamic tasks fire only when
 * {@code scheduler.dynamic-tasks-enabled=true}.
 *
 * <p>It also runs the backend's retention ({@link Retention#clearConfigured}) on its first poll
 * and then every {@link #CLEANUP_INTERVAL}, one batch per cleanup type per pass, when
 * {@link #cleanupEnabled cleanup is configured}.
 */
public final class Scheduler extends Poller {

    public static final String KIND = "Scheduler";
    public static final String NAME = "scheduler-1";
    /** How often the scheduler runs the retention cleanup (dj_queue: every 60 s). */
    public static final Duration CLEANUP_INTERVAL = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final RecurringService recurring;
    private final boolean dynamicTasksEnabled;
    private final boolean firesTasks;
    private final int batchSize;
    private final BackendProperties cleanup;
    private final Retention retention;
    private long nextCleanup;
    private boolean cleanupDue = true;

    /**
     * A scheduler with the backend's settings: scheduler options and static tasks (which it also
     * gives the backend's API) and retention settings.
     */
    public Scheduler(Backend backend, BackendProperties properties) {
        this(NAME, backend, properties.scheduler(), properties.recurring(), cleanupSettings(properties),
                RecurringFiring.BATCH_SIZE);
    }

    /**
     * @param cleanup the retention settings to run ({@link #cleanupSettings}), or null for no cleanup
     */
    public Scheduler(String name, Backend backend, SchedulerProperties scheduler,
                     Map<String, RecurringTaskProperties> staticTasks, BackendProperties cleanup, int batchSize) {
        super(name, scheduler.pollingInterval(), backend);
        this.recurring = backend.recurring();
        recurring.configure(scheduler, staticTasks);
        this.dynamicTasksEnabled = scheduler.dynamicTasksEnabled();
        // with no static tasks configured the start-up sync leaves none, so only dynamic tasks could be due
        this.firesTasks = dynamicTasksEnabled || !recurring.staticTasks().isEmpty();
        this.batchSize = batchSize;
        this.cleanup = cleanup;
        this.retention = cleanup == null ? null : new Retention(backend);
    }

    /**
     * The retention settings the scheduler runs for a backend, or null when there is nothing to
     * clean: {@code clear-failed-jobs-after}, {@code clear-recurring-executions-after}, and
     * {@code clear-finished-jobs-after} only with {@code preserve-finished-jobs} (without it a
     * successful job is deleted when it finishes), as in dj_queue.
     */
    public static BackendProperties cleanupSettings(BackendProperties properties) {
        BackendProperties effective = properties.preserveFinishedJobs() ? properties
                : properties.withRetention(null, properties.clearFailedJobsAfter(),
                        properties.clearRecurringExecutionsAfter());
        return Retention.configured(effective) ? effective : null;
    }

    /** Whether the backend configures a cleanup, which alone is reason enough to start a scheduler. */
    public static boolean cleanupEnabled(BackendProperties properties) {
        return cleanupSettings(properties) != null;
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
        metadata.put("cleanup_enabled", cleanup != null);
        return metadata;
    }

    @Override
    public void start(long processId) {
        recurring.staticSync().sync();
        super.start(processId);
    }

    @Override
    protected boolean poll() {
        try {
            if (!firesTasks) {
                return false;
            }
            RecurringFiring.Outcome outcome = recurring.firing()
                    .fireDue(recurring.context().now(), dynamicTasksEnabled, batchSize);
            return outcome.tasksExamined() >= batchSize && !outcome.publishedJobs().isEmpty();
        } finally {
            cleanUpIfDue(); // also after a failed firing, so one cannot starve the other
        }
    }

    /** One retention pass when the interval has passed (a failed pass waits for the next interval too). */
    private void cleanUpIfDue() {
        if (cleanup == null || (!cleanupDue && System.nanoTime() - nextCleanup < 0)) {
            return;
        }
        cleanupDue = false;
        nextCleanup = System.nanoTime() + CLEANUP_INTERVAL.toNanos();
        try {
            retention.clearConfigured(cleanup);
        } catch (RuntimeException e) {
            log.warn("jqueue {}: retention cleanup failed, next attempt in {}s: {}", name,
                    CLEANUP_INTERVAL.toSeconds(), e.toString());
        }
    }

    @Override
    public boolean awaitStop(Duration timeout) {
        return joinLoop(timeout);
    }
}
