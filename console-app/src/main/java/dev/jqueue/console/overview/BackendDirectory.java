package dev.jqueue.console.overview;

import dev.jqueue.JQueue;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.JQueueProperties;
import dev.jqueue.observability.BackendSnapshot;
import dev.jqueue.observability.JQueueObservability;
import dev.jqueue.observability.SharedSnapshots;
import dev.jqueue.runtime.Topology;
import dev.jqueue.sql.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** The configured backends as the console presents them: aliases, handles, facts and snapshots. */
@Service
public class BackendDirectory {

    private static final String UNREACHABLE = "database unreachable";

    private final Backends backends;
    private final JQueueProperties properties;
    private final SharedSnapshots snapshots;
    private final Map<String, BackendFacts> facts = new ConcurrentHashMap<>();

    public BackendDirectory(Backends backends, JQueueProperties properties, JQueueObservability observability) {
        this.backends = backends;
        this.properties = properties;
        this.snapshots = observability.shared();
    }

    public Backends backends() {
        return backends;
    }

    public List<String> aliases() {
        return backends.aliases();
    }

    public String primaryAlias() {
        return backends.primary().backend();
    }

    public boolean exists(String alias) {
        return backends.aliases().contains(alias);
    }

    public JQueue backend(String alias) {
        return backends.jqueue(alias);
    }

    /**
     * Counts, latency, workers, processes, recurring tasks and semaphores of a backend: one
     * snapshot shared by every page and browser for {@link JQueueObservability#SHARED_MAX_AGE}, so
     * the statements behind it run once per interval whatever the number of open pages.
     */
    public BackendSnapshot snapshot(String alias) {
        return snapshots.get(alias);
    }

    /** The snapshot read afresh: after an action, or when the operator asks for a refresh. */
    public BackendSnapshot freshSnapshot(String alias) {
        snapshots.expire(alias);
        return snapshots.get(alias);
    }

    /** Facts do not change while the console runs, so they are read once per backend. */
    public BackendFacts facts(String alias) {
        BackendFacts known = facts.get(alias);
        if (known != null) {
            return known;
        }
        BackendFacts read = readFacts(alias);
        if (!read.database().startsWith(UNREACHABLE)) {
            facts.put(alias, read); // an unreachable database is asked again next time
        }
        return read;
    }

    private BackendFacts readFacts(String alias) {
        Backend backend = backends.get(alias);
        BackendProperties props = backends.properties(alias);
        Dialect dialect = backend.context().dialect;
        JQueueProperties.Embedded embedded = properties.embedded();
        boolean here = embedded.enabled() && embedded.backend().equals(alias) && !embedded.standalone();
        boolean schedulerConfigured = Topology.hasRecurringWork(props);
        String notify = !dialect.supportsListenNotify() ? "unsupported" : props.listenNotify() ? "on" : "off";
        String skipLocked = !props.useSkipLocked() ? "off" : dialect.supportsSkipLocked() ? "on" : "unsupported";
        return new BackendFacts(alias, props.mode().name().toLowerCase(java.util.Locale.ROOT), dialect.name(),
                describeDatabase(backend), backend.context().db.name(), here, schedulerConfigured,
                here && schedulerConfigured && !embedded.onlyWork() && !embedded.onlyDispatch() && !embedded.skipRecurring(),
                props.scheduler().dynamicTasksEnabled(), notify, skipLocked, props.processHeartbeatInterval(),
                props.processAliveThreshold(), props.preserveFinishedJobs(), props.clearFinishedJobsAfter(),
                props.clearFailedJobsAfter());
    }

    private static String describeDatabase(Backend backend) {
        try (Connection connection = backend.context().db.dataSource().getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            return metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
        } catch (SQLException e) {
            return UNREACHABLE + " (" + e.getMessage() + ")";
        }
    }
}
