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
        @DefaultValue("5s") Duration shutdownTimeout) {

    public BackendProperties {
        workers = workers == null || workers.isEmpty() ? List.of(WorkerProperties.defaults()) : List.copyOf(workers);
        dispatchers = dispatchers == null || dispatchers.isEmpty()
                ? List.of(DispatcherProperties.defaults()) : List.copyOf(dispatchers);
        queues = queues == null ? List.of() : List.copyOf(queues);
        requirePositive(processHeartbeatInterval, "process-heartbeat-interval", true);
        requirePositive(processAliveThreshold, "process-alive-threshold", false);
        requirePositive(shutdownTimeout, "shutdown-timeout", true);
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
                Duration.ofSeconds(300), Duration.ofSeconds(5));
    }
}
