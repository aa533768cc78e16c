package dev.jqueue.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Options of one backend ({@code jqueue.backends.<alias>.*}), named after dj_queue's options
 * in kebab-case.
 *
 * @param mode runtime mode of {@code java -jar app.jar jqueue}
 * @param workers worker pools; none configured means one with the defaults
 * @param dispatchers dispatchers; none configured means one with the defaults
 * @param database name of the DataSource bean holding this backend's tables (default: the primary DataSource)
 * @param queues allow-list of queue names for enqueue; empty allows any queue
 * @param preserveFinishedJobs keep successful jobs (with their return values) instead of deleting them
 * @param allowUnregisteredTasks accept enqueues for task paths this application does not declare
 * @param processHeartbeatInterval how often runners refresh their process rows
 * @param processAliveThreshold a process whose heartbeat is older than this is considered dead
 * @param shutdownTimeout how long a graceful stop waits for in-flight jobs
 * @param scheduler the recurring-task scheduler
 * @param recurring static recurring tasks by key
 * @param defaultConcurrencyDuration how long a concurrency slot is held when the task names no duration
 * @param listenNotify wake idle workers with LISTEN/NOTIFY where the database supports it (PostgreSQL)
 * @param useSkipLocked lock rows with {@code FOR UPDATE SKIP LOCKED} where the database has it; {@code false}
 *                      makes concurrent claimers wait for each other instead (for proxies that mishandle it)
 * @param supervisorPidfile standalone supervisors write their pid here and refuse to start while another lives
 * @param migrationWaitTimeout with {@code jqueue.schema.migrate=false}, how long start-up waits for pending
 *                             migrations to be applied by someone else before it fails
 * @param clearFinishedJobsAfter the scheduler deletes finished jobs older than this (default 1d; {@code never}: keep them)
 * @param clearFailedJobsAfter the scheduler deletes failed jobs older than this (default {@code never}: keep them)
 * @param clearRecurringExecutionsAfter the scheduler deletes recurring-task reservations older than this
 *                                      (default {@code never}: keep them)
 * @param silencePolling leave the per-poll events out of the log
 */
public record BackendProperties(
        @DefaultValue("async") RuntimeMode mode,
        List<WorkerProperties> workers,
        List<DispatcherProperties> dispatchers,
        String database,
        List<String> queues,
        @DefaultValue("true") boolean preserveFinishedJobs,
        @DefaultValue("false") boolean allowUnregisteredTasks,
        @DefaultValue("60s") Duration processHeartbeatInterval,
        @DefaultValue("300s") Duration processAliveThreshold,
        @DefaultValue("5s") Duration shutdownTimeout,
        @DefaultValue SchedulerProperties scheduler,
        java.util.Map<String, RecurringTaskProperties> recurring,
        @DefaultValue("180s") Duration defaultConcurrencyDuration,
        @DefaultValue("true") boolean listenNotify,
        @DefaultValue("true") boolean useSkipLocked,
        String supervisorPidfile,
        @DefaultValue("60s") Duration migrationWaitTimeout,
        @DefaultValue("1d") Duration clearFinishedJobsAfter,
        Duration clearFailedJobsAfter,
        Duration clearRecurringExecutionsAfter,
        @DefaultValue("true") boolean silencePolling) {

    public BackendProperties {
        workers = workers == null || workers.isEmpty() ? List.of(WorkerProperties.defaults()) : List.copyOf(workers);
        dispatchers = dispatchers == null || dispatchers.isEmpty()
                ? List.of(DispatcherProperties.defaults()) : List.copyOf(dispatchers);
        queues = queues == null ? List.of() : List.copyOf(queues);
        scheduler = scheduler == null ? SchedulerProperties.defaults() : scheduler;
        recurring = recurring == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(recurring));
        requirePositive(defaultConcurrencyDuration, "default-concurrency-duration", false);
        migrationWaitTimeout = migrationWaitTimeout == null ? Duration.ofSeconds(60) : migrationWaitTimeout;
        requirePositive(migrationWaitTimeout, "migration-wait-timeout", true);
        requirePositive(processHeartbeatInterval, "process-heartbeat-interval", true);
        requirePositive(processAliveThreshold, "process-alive-threshold", false);
        requirePositive(shutdownTimeout, "shutdown-timeout", true);
        clearFinishedJobsAfter = DurationSyntax.unsetIfNever(clearFinishedJobsAfter);
        clearFailedJobsAfter = DurationSyntax.unsetIfNever(clearFailedJobsAfter);
        clearRecurringExecutionsAfter = DurationSyntax.unsetIfNever(clearRecurringExecutionsAfter);
        requireNonNegativeOrUnset(clearFinishedJobsAfter, "clear-finished-jobs-after");
        requireNonNegativeOrUnset(clearFailedJobsAfter, "clear-failed-jobs-after");
        requireNonNegativeOrUnset(clearRecurringExecutionsAfter, "clear-recurring-executions-after");
    }

    static void requireNonNegativeOrUnset(Duration value, String name) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, or unset (got " + value + ")");
        }
    }

    static void requirePositive(Duration value, String name, boolean zeroAllowed) {
        if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or positive" : "positive")
                    + " (got " + value + ")");
        }
    }

    /** A backend with every default. */
    public static BackendProperties defaults() {
        return new BackendProperties(RuntimeMode.ASYNC, null, null, null, null, true, false, Duration.ofSeconds(60),
                Duration.ofSeconds(300), Duration.ofSeconds(5), null, null, Duration.ofSeconds(180), true, true, null,
                Duration.ofSeconds(60), Duration.ofDays(1), null, null, true);
    }

    public BackendProperties withWorkers(List<WorkerProperties> newWorkers) {
        return new BackendProperties(mode, newWorkers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, supervisorPidfile, migrationWaitTimeout, clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withDispatchers(List<DispatcherProperties> newDispatchers) {
        return new BackendProperties(mode, workers, newDispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, supervisorPidfile, migrationWaitTimeout, clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withPreserveFinishedJobs(boolean preserve) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserve,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, supervisorPidfile, migrationWaitTimeout, clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withTimings(Duration heartbeatInterval, Duration aliveThreshold, Duration shutdown) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, heartbeatInterval, aliveThreshold, shutdown, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, supervisorPidfile, migrationWaitTimeout, clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withScheduler(SchedulerProperties newScheduler, java.util.Map<String, RecurringTaskProperties> newRecurring) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, newScheduler,
                newRecurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, supervisorPidfile, migrationWaitTimeout, clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withListenNotify(boolean enabled) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, enabled, useSkipLocked, supervisorPidfile, migrationWaitTimeout, clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withSupervisorPidfile(String pidfile) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, pidfile, migrationWaitTimeout, clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withRetention(Duration finishedAfter, Duration failedAfter, Duration recurringAfter) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, supervisorPidfile, migrationWaitTimeout,
                finishedAfter, failedAfter, recurringAfter, silencePolling);
    }

    public BackendProperties withUseSkipLocked(boolean use) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, use, supervisorPidfile, migrationWaitTimeout,
                clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silencePolling);
    }

    public BackendProperties withSilencePolling(boolean silence) {
        return new BackendProperties(mode, workers, dispatchers, database, queues, preserveFinishedJobs,
                allowUnregisteredTasks, processHeartbeatInterval, processAliveThreshold, shutdownTimeout, scheduler,
                recurring, defaultConcurrencyDuration, listenNotify, useSkipLocked, supervisorPidfile, migrationWaitTimeout,
                clearFinishedJobsAfter, clearFailedJobsAfter, clearRecurringExecutionsAfter, silence);
    }
}
