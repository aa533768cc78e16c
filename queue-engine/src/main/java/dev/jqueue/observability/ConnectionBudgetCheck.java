package dev.jqueue.observability;

import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.JQueueProperties;
import dev.jqueue.runtime.JQueueRuntime;
import dev.jqueue.runtime.Topology;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link ConnectionBudget#check} for the supervisor this application starts, just before
 * it starts (one lifecycle phase earlier than {@link JQueueRuntime}). Present only where the
 * runtime bean is (embedded mode, {@code java -jar app.jar jqueue}); a fork-mode child JVM does
 * not check again, its supervisor did.
 */
public final class ConnectionBudgetCheck implements SmartLifecycle {

    private final Backends backends;
    private final JQueueProperties.Embedded embedded;
    private volatile boolean running;
    private volatile ConnectionBudget.Estimate estimate;

    public ConnectionBudgetCheck(Backends backends, JQueueProperties properties) {
        this.backends = backends;
        this.embedded = properties.embedded();
    }

    @Override
    public void start() {
        running = true;
        if (embedded.child() != null) {
            return;
        }
        BackendProperties properties = backends.properties(embedded.backend());
        if (embedded.skipRecurring()) {
            properties = Topology.withoutRecurring(properties);
        }
        estimate = ConnectionBudget.check(backends.get(embedded.backend()), properties, embedded.onlyWork(),
                embedded.onlyDispatch()).orElse(null);
    }

    /** The estimate of the last start; empty before it, on other databases, or when unreadable. */
    public Optional<ConnectionBudget.Estimate> estimate() {
        return Optional.ofNullable(estimate);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return JQueueRuntime.PHASE - 1;
    }
}
