package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import dev.jqueue.recurring.Scheduler;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.config.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runners a supervisor starts for a backend: {@code worker-i} per worker entry,
 * {@code dispatcher-i} per dispatcher entry, and {@code scheduler-1} when there is scheduler
 * work (dynamic tasks enabled, static tasks configured, or a retention cleanup configured);
 * {@code onlyWork} and {@code onlyDispatch} restrict it (neither runs a scheduler), and
 * {@code skipRecurring} leaves the scheduler out.
 */
public final class Topology {

    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    private Topology() {
    }

    public static List<Runner> runners(Backend backend, BackendProperties properties, boolean onlyWork, boolean onlyDispatch) {
        return runners(backend, properties, onlyWork, onlyDispatch, false);
    }

    public static List<Runner> runners(Backend backend, BackendProperties properties, boolean onlyWork,
                                       boolean onlyDispatch, boolean skipRecurring) {
        if (onlyWork && onlyDispatch) {
            throw new IllegalArgumentException("--only-work and --only-dispatch cannot be combined");
        }
        List<Runner> runners = new ArrayList<>();
        if (!onlyWork && !onlyDispatch && !skipRecurring && hasRecurringWork(properties)) {
            // First, so that a static configuration the scheduler refuses stops the start before any worker runs.
            runners.add(new Scheduler(backend, properties));
        }
        if (!onlyDispatch) {
            int i = 1;
            for (WorkerProperties worker : properties.workers()) {
                if (worker.processes() > 1) {
                    log.warn("jqueue worker-{}: processes={} is normalised to 1 in async mode (use threads instead)",
                            i, worker.processes());
                }
                runners.add(new Worker("worker-" + i, backend, worker.queues(), worker.threads(),
                        worker.prefetchMultiplier(), worker.pollingInterval(), worker.virtualThreads()));
                i++;
            }
        }
        if (!onlyWork) {
            int i = 1;
            for (DispatcherProperties dispatcher : properties.dispatchers()) {
                runners.add(new Dispatcher("dispatcher-" + i, backend, dispatcher.batchSize(), dispatcher.pollingInterval(),
                        dispatcher.concurrencyMaintenance(), dispatcher.concurrencyMaintenanceInterval()));
                i++;
            }
        }
        runners.forEach(runner -> logPolls(runner, properties));
        return runners;
    }

    /** {@code silence-polling=false}: the runner logs each poll cycle ({@link Poller#setLogPolls}). */
    private static Runner logPolls(Runner runner, BackendProperties properties) {
        if (runner instanceof Poller poller) {
            poller.setLogPolls(!properties.silencePolling());
        }
        return runner;
    }

    /**
     * A scheduler is started only when it has work: dynamic tasks enabled, static tasks
     * configured, or a retention cleanup configured ({@link Scheduler#cleanupEnabled}).
     */
    public static boolean hasRecurringWork(BackendProperties properties) {
        return properties.scheduler().dynamicTasksEnabled() || !properties.recurring().isEmpty()
                || Scheduler.cleanupEnabled(properties);
    }

    /**
     * The same backend options without scheduler work, so no scheduler starts
     * ({@code --skip-recurring}): no recurring tasks, and no retention cleanup, which the
     * scheduler would otherwise run ({@code jqueue:prune} still can).
     */
    public static BackendProperties withoutRecurring(BackendProperties properties) {
        return properties.withScheduler(new SchedulerProperties(false, properties.scheduler().pollingInterval()),
                Map.of()).withRetention(null, null, null);
    }

    /**
     * Fork mode: the names of the child processes, one per runner: {@code worker-i} (or
     * {@code worker-i-p} when a worker entry has several processes), {@code dispatcher-i},
     * {@code scheduler-1}.
     */
    public static List<String> forkNames(BackendProperties properties, boolean onlyWork, boolean onlyDispatch) {
        if (onlyWork && onlyDispatch) {
            throw new IllegalArgumentException("--only-work and --only-dispatch cannot be combined");
        }
        List<String> names = new ArrayList<>();
        if (!onlyWork && !onlyDispatch && hasRecurringWork(properties)) {
            names.add("scheduler-1");
        }
        if (!onlyDispatch) {
            for (int i = 1; i <= properties.workers().size(); i++) {
                int processes = properties.workers().get(i - 1).processes();
                for (int p = 1; p <= processes; p++) {
                    names.add(processes == 1 ? "worker-" + i : "worker-" + i + "-" + p);
                }
            }
        }
        if (!onlyWork) {
            for (int i = 1; i <= properties.dispatchers().size(); i++) {
                names.add("dispatcher-" + i);
            }
        }
        return names;
    }

    /** Fork mode, in the child: the one runner a name stands for. */
    public static Runner runner(Backend backend, BackendProperties properties, String name) {
        String[] parts = name.split("-");
        try {
            int index = Integer.parseInt(parts[1]) - 1;
            switch (parts[0]) {
                case "worker" -> {
                    WorkerProperties worker = properties.workers().get(index);
                    return logPolls(new Worker(name, backend, worker.queues(), worker.threads(), worker.prefetchMultiplier(),
                            worker.pollingInterval(), worker.virtualThreads()), properties);
                }
                case "dispatcher" -> {
                    DispatcherProperties dispatcher = properties.dispatchers().get(index);
                    return logPolls(new Dispatcher(name, backend, dispatcher.batchSize(), dispatcher.pollingInterval(),
                            dispatcher.concurrencyMaintenance(), dispatcher.concurrencyMaintenanceInterval()), properties);
                }
                case "scheduler" -> {
                    return logPolls(new Scheduler(backend, properties), properties);
                }
                default -> {
                }
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("jqueue: no runner named '" + name + "' in this backend's topology");
    }
}
