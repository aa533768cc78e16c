package dev.jqueue.observability;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read snapshots of every configured backend, in configuration order: the one source of
 * {@code /jqueue/stats.json}, {@code /jqueue/metrics} and the health contributor, so the three
 * always agree. Every call reads the counts afresh; the invalid counts are the latest
 * background check's ({@link InvalidStateChecks}, every {@link InvalidStateChecks#DEFAULT_INTERVAL}
 * while someone reads), and {@link #shared()} keeps one snapshot per backend for consoles.
 */
public final class JQueueObservability implements AutoCloseable {

    /** How long the console's shared snapshot of a backend is reused. */
    public static final Duration SHARED_MAX_AGE = Duration.ofSeconds(2);

    private final Backends backends;
    private final JsonMapper json;
    private final InvalidStateChecks invalidChecks = new InvalidStateChecks(InvalidStateChecks.DEFAULT_INTERVAL);
    private final SharedSnapshots shared;

    public JQueueObservability(Backends backends, JsonMapper json) {
        this.backends = backends;
        this.json = json;
        this.shared = new SharedSnapshots(backends, invalidChecks, SHARED_MAX_AGE);
    }

    /** Snapshots shared by every console page for {@link #SHARED_MAX_AGE}. */
    public SharedSnapshots shared() {
        return shared;
    }

    public InvalidStateChecks invalidChecks() {
        return invalidChecks;
    }

    @Override
    public void close() {
        invalidChecks.close();
    }

    public Backends backends() {
        return backends;
    }

    /** A fresh snapshot of one backend (without PostgreSQL diagnostics). */
    public BackendSnapshot snapshot(String alias) {
        return snapshot(alias, false);
    }

    /** A fresh snapshot of one backend; with {@code postgresDiagnostics}, on PostgreSQL, also those. */
    public BackendSnapshot snapshot(String alias, boolean postgresDiagnostics) {
        Backend backend = backends.get(alias);
        return SnapshotReader.take(backend, backends.properties(alias), postgresDiagnostics, invalidChecks.latest(backend));
    }

    /** Fresh snapshots of every backend, in configuration order (without PostgreSQL diagnostics). */
    public List<BackendSnapshot> snapshots() {
        return snapshots(false);
    }

    private List<BackendSnapshot> snapshots(boolean postgresDiagnostics) {
        List<BackendSnapshot> snapshots = new ArrayList<>();
        for (String alias : backends.aliases()) {
            snapshots.add(snapshot(alias, postgresDiagnostics));
        }
        return snapshots;
    }

    /** {@code {"backends": [ … ]}}: the body of {@code /jqueue/stats.json}, with PostgreSQL diagnostics. */
    public Map<String, Object> stats() {
        List<Object> entries = new ArrayList<>();
        for (BackendSnapshot snapshot : snapshots(true)) {
            entries.add(snapshot.toJson());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backends", entries);
        return body;
    }

    public String statsJson() {
        return json.writeValueAsString(stats());
    }
}
