package dev.jqueue.observability;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Actuator health contributor {@code jqueue}: UP when every backend this application runs
 * embedded ({@code jqueue.embedded.enabled=true}) has at least one live process row (heartbeat
 * within {@code process-alive-threshold}); DOWN otherwise or when a queue database cannot be
 * read, or while the runtime reports its queue database unreachable (details
 * {@code databaseUnreachableSince}, {@code databaseError}; an exhausted pool adds
 * {@code poolExhausted} with the pool's name). Backends this application only enqueues to are reported in the details without
 * affecting the status (their workers are someone else's liveness check).
 */
public final class JQueueHealthIndicator implements HealthIndicator {

    private final Backends backends;
    private final String embeddedBackend;

    /** {@code embeddedBackend}: the alias run embedded, or null when none is. */
    public JQueueHealthIndicator(Backends backends, String embeddedBackend) {
        this.backends = backends;
        this.embeddedBackend = embeddedBackend;
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (String alias : backends.aliases()) {
            Backend backend = backends.get(alias);
            BackendProperties properties = backends.properties(alias);
            boolean embedded = alias.equals(embeddedBackend);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("database", backend.context().db.name());
            entry.put("embedded", embedded);
            var outage = backend.context().db.outage();
            if (outage.downSince().isPresent()) {
                // the runtime's own view: its runners have been failing to reach the database since then
                up = false;
                entry.put("databaseUnreachableSince", outage.downSince().get().toString());
                entry.put("databaseError", outage.downReason().orElse(""));
            }
            if (outage.poolExhausted()) {
                entry.put("poolExhausted", outage.poolName());
            }
            try {
                Instant cutoff = backend.context().now().minus(properties.processAliveThreshold());
                List<SnapshotReader.ProcessInfo> processes = backend.context().db.read(connection ->
                        SnapshotReader.processes(connection, backend.context(), backend.context().codec.mapper()));
                long live = processes.stream().filter(p -> p.liveAt(cutoff)).count();
                entry.put("liveProcesses", live);
                entry.put("staleProcesses", processes.size() - live);
                if (embedded && live == 0) {
                    up = false;
                    entry.put("problem", "no live jqueue processes");
                }
            } catch (RuntimeException e) {
                up = false;
                entry.put("error", e.getMessage());
            }
            details.put(alias, entry);
        }
        return (up ? Health.up() : Health.down()).withDetail("backends", details).build();
    }
}
