package dev.jqueue.observability;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read snapshots of every configured backend, in configuration order: the one source of
 * {@code /jqueue/stats.json}, {@code /jqueue/metrics} and the health contributor, so the three
 * always agree. Every call reads the database afresh.
 */
public final class JQueueObservability {

    private final Backends backends;
    private final JsonMapper json;

    public JQueueObservability(Backends backends, JsonMapper json) {
        this.backends = backends;
        this.json = json;
    }

    public Backends backends() {
        return backends;
    }

    /** A fresh snapshot of one backend. */
    public BackendSnapshot snapshot(String alias) {
        Backend backend = backends.get(alias);
        return SnapshotReader.take(backend, backends.properties(alias));
    }

    /** Fresh snapshots of every backend, in configuration order. */
    public List<BackendSnapshot> snapshots() {
        List<BackendSnapshot> snapshots = new ArrayList<>();
        for (String alias : backends.aliases()) {
            snapshots.add(snapshot(alias));
        }
        return snapshots;
    }

    /** {@code {"backends": [ … ]}}: the body of {@code /jqueue/stats.json}. */
    public Map<String, Object> stats() {
        List<Object> entries = new ArrayList<>();
        for (BackendSnapshot snapshot : snapshots()) {
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
