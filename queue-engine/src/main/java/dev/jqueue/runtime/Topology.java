package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runners a supervisor starts for a backend: {@code worker-i} per worker entry,
 * {@code dispatcher-i} per dispatcher entry; {@code onlyWork} and {@code onlyDispatch}
 * restrict it.
 */
public final class Topology {

    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    private Topology() {
    }

    public static List<Runner> runners(Backend backend, BackendProperties properties, boolean onlyWork, boolean onlyDispatch) {
        if (onlyWork && onlyDispatch) {
            throw new IllegalArgumentException("--only-work and --only-dispatch cannot be combined");
        }
        List<Runner> runners = new ArrayList<>();
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
        return runners;
    }
}
