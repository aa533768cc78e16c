package dev.jqueue.observability;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PROCESSES;
import static dev.jqueue.state.Tables.RECURRING_EXECUTIONS;
import static dev.jqueue.state.Tables.RECURRING_TASKS;
import static dev.jqueue.state.Tables.SCHEDULED;
import static dev.jqueue.state.Tables.SEMAPHORES;

import dev.jqueue.BackendStats;
import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.observability.BackendSnapshot.FailedJobs;
import dev.jqueue.observability.BackendSnapshot.LiveStale;
import dev.jqueue.observability.BackendSnapshot.QueueSnapshot;
import dev.jqueue.observability.BackendSnapshot.RecurringSnapshot;
import dev.jqueue.observability.BackendSnapshot.RunnerMetrics;
import dev.jqueue.observability.BackendSnapshot.SemaphoreSnapshot;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.sql.Dialect;
import dev.jqueue.state.QueueSelector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a {@link BackendSnapshot}: the per-queue counts come from {@link Backend#stats()}
 * (the same read model as the API and the console), the rest from a few grouped read queries
 * on one connection. Read-only; it locks nothing.
 */
public final class SnapshotReader {

    /** A process row as liveness and worker matching need it. */
    public record ProcessInfo(long id, String kind, String name, Instant lastHeartbeatAt, JsonNode metadata) {
        public boolean liveAt(Instant cutoff) {
            return !lastHeartbeatAt.isBefore(cutoff);
        }
    }

    /**
     * Finished jobs are counted per queue up to this many (then shown as "1,000+"): counting a
     * million of them took seconds, on every refresh, and even 10,000 a queue was most of a
     * snapshot's time at ten queues.
     */
    public static final long FINISHED_CAP = 1_000;

    private SnapshotReader() {
    }

    /** A snapshot without PostgreSQL diagnostics and without invalid counts. */
    public static BackendSnapshot take(Backend backend, BackendProperties properties) {
        return take(backend, properties, false, null);
    }

    /** A snapshot without invalid counts (see {@link #take(Backend, BackendProperties, boolean, InvalidStateChecks.Result)}). */
    public static BackendSnapshot take(Backend backend, BackendProperties properties, boolean postgresDiagnostics) {
        return take(backend, properties, postgresDiagnostics, null);
    }

    /**
     * A snapshot; with {@code postgresDiagnostics} on a PostgreSQL backend also the
     * {@link PostgresDiagnostics}, read separately so that a failure there (reported as its
     * {@code error}) does not fail the snapshot. Counts come from {@link Backend#observedStats}
     * (finished capped at {@link #FINISHED_CAP}); the invalid counts from {@code invalid}, the
     * latest background check (null: none yet, counted as 0 and {@code invalidCheckedAt} null).
     */
    public static BackendSnapshot take(Backend backend, BackendProperties properties, boolean postgresDiagnostics,
                                       InvalidStateChecks.Result invalid) {
        BackendContext context = backend.context();
        Dialect dialect = context.dialect;
        BackendStats stats = backend.observedStats(FINISHED_CAP);
        Instant now = context.now();
        Duration threshold = properties.processAliveThreshold();
        Instant aliveCutoff = now.minus(threshold);
        Duration retention = properties.clearFailedJobsAfter();
        JsonMapper json = context.codec.mapper();
        PostgresDiagnostics diagnostics = postgresDiagnostics && dialect.name().equals("postgresql")
                ? PostgresDiagnostics.read(context.db, PostgresDiagnostics.LONG_TRANSACTION, PostgresDiagnostics.SESSIONS_SHOWN)
                : null;
        return context.db.read(connection -> {
            Map<String, Instant> oldestScheduled = oldestByQueue(connection, context,
                    "SELECT queue_name, MIN(scheduled_at) AS oldest FROM " + SCHEDULED
                            + " WHERE backend_alias = ? GROUP BY queue_name");
            Map<String, Instant> oldestBlocked = oldestByQueue(connection, context,
                    "SELECT queue_name, MIN(created_at) AS oldest FROM " + BLOCKED
                            + " WHERE backend_alias = ? GROUP BY queue_name");
            List<ProcessInfo> processes = processes(connection, context, json);

            List<QueueSelector> liveWorkers = new ArrayList<>();
            long live = 0;
            long stale = 0;
            Map<String, long[]> byKind = new TreeMap<>();
            for (ProcessInfo process : processes) {
                boolean alive = process.liveAt(aliveCutoff);
                long[] counts = byKind.computeIfAbsent(process.kind(), k -> new long[2]);
                if (alive) {
                    live++;
                    counts[0]++;
                    if ("Worker".equals(process.kind())) {
                        liveWorkers.add(selectorOf(process));
                    }
                } else {
                    stale++;
                    counts[1]++;
                }
            }
            Map<String, LiveStale> kinds = new java.util.LinkedHashMap<>();
            byKind.forEach((kind, counts) -> kinds.put(kind, new LiveStale(counts[0], counts[1])));

            List<QueueSnapshot> queues = new ArrayList<>();
            for (BackendStats.QueueSummary queue : stats.queues()) {
                Double latency = queue.paused() || queue.ready() == 0 || queue.latency().isEmpty()
                        ? null : queue.latency().get().toNanos() / 1e9;
                long workers = liveWorkers.stream().filter(selector -> selector.matches(queue.name())).count();
                queues.add(new QueueSnapshot(queue.name(), queue.ready(), queue.scheduled(), queue.claimed(),
                        queue.blocked(), queue.failed(), queue.finished(), invalid == null ? 0 : invalid.count(queue.name()),
                        queue.paused(), latency, oldestScheduled.get(queue.name()), oldestBlocked.get(queue.name()), workers,
                        queue.finishedAtLeast()));
            }
            if (invalid != null) {
                // A queue known only to the check (its jobs have no other state) still shows.
                invalid.byQueue().forEach((name, count) -> {
                    if (queues.stream().noneMatch(q -> q.name().equals(name))) {
                        queues.add(new QueueSnapshot(name, 0, 0, 0, 0, 0, 0, count, false, null, null, null, 0));
                    }
                });
                queues.sort(java.util.Comparator.comparing(QueueSnapshot::name));
            }

            List<RecurringSnapshot> recurring = recurring(connection, context);
            List<SemaphoreSnapshot> semaphores = semaphores(connection, dialect);
            FailedJobs failed = failedJobs(connection, context, now, retention, stats.total(dev.jqueue.JobState.FAILED));
            return new BackendSnapshot(context.alias, context.db.name(), threshold.toMillis() / 1000.0, now,
                    List.copyOf(queues), new RunnerMetrics(live, stale, kinds), recurring, semaphores, failed,
                    processes.size(), diagnostics, invalid == null ? null : invalid.checkedAt());
        });
    }

    /** Every process row of the backend. */
    public static List<ProcessInfo> processes(Connection connection, BackendContext context, JsonMapper json)
            throws SQLException {
        List<ProcessInfo> processes = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, kind, name, last_heartbeat_at, "
                + context.dialect.jsonText("metadata") + " AS metadata_text FROM " + PROCESSES
                + " WHERE backend_alias = ? ORDER BY id")) {
            ps.setString(1, context.alias);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode metadata;
                    try {
                        String text = rs.getString("metadata_text");
                        metadata = text == null ? json.createObjectNode() : json.readTree(text);
                    } catch (RuntimeException e) {
                        metadata = json.createObjectNode();
                    }
                    processes.add(new ProcessInfo(rs.getLong("id"), rs.getString("kind"), rs.getString("name"),
                            context.dialect.getInstant(rs, "last_heartbeat_at"), metadata));
                }
            }
        }
        return processes;
    }

    /** The queue selectors a worker's metadata lists ({@code "queues": ["a", "mail*"]}); none means all. */
    static QueueSelector selectorOf(ProcessInfo worker) {
        JsonNode queues = worker.metadata().get("queues");
        List<String> selectors = new ArrayList<>();
        if (queues != null && queues.isArray()) {
            queues.forEach(node -> selectors.add(node.asString()));
        } else if (queues != null && queues.isString()) {
            for (String part : queues.asString().split(",")) {
                if (!part.isBlank()) {
                    selectors.add(part.trim());
                }
            }
        }
        try {
            return QueueSelector.parse(selectors);
        } catch (IllegalArgumentException e) {
            return QueueSelector.ALL;
        }
    }

    private static Map<String, Instant> oldestByQueue(Connection connection, BackendContext context, String sql)
            throws SQLException {
        Map<String, Instant> oldest = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, context.alias);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oldest.put(rs.getString("queue_name"), context.dialect.getInstant(rs, "oldest"));
                }
            }
        }
        return oldest;
    }

    private static List<RecurringSnapshot> recurring(Connection connection, BackendContext context) throws SQLException {
        String key = context.dialect.quote("key");
        List<RecurringSnapshot> tasks = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT t." + key + " AS task_key, t.task_path, t.queue_name, "
                + "t.schedule, t.static, t.next_run_at, (SELECT MAX(e.run_at) FROM " + RECURRING_EXECUTIONS + " e "
                + "WHERE e.backend_alias = t.backend_alias AND e.task_key = t." + key + ") AS last_run_at FROM "
                + RECURRING_TASKS + " t WHERE t.backend_alias = ? ORDER BY t." + key)) {
            ps.setString(1, context.alias);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.add(new RecurringSnapshot(rs.getString("task_key"), rs.getString("task_path"),
                            rs.getString("queue_name"), rs.getString("schedule"), rs.getBoolean("static"),
                            context.dialect.getInstant(rs, "last_run_at"), context.dialect.getInstant(rs, "next_run_at")));
                }
            }
        }
        return List.copyOf(tasks);
    }

    /** The semaphores of the database; shared by every backend on it, so not filtered by backend. */
    public static List<SemaphoreSnapshot> semaphores(Connection connection, Dialect dialect) throws SQLException {
        Map<String, Long> waiters = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT concurrency_key, COUNT(*) AS n FROM " + BLOCKED
                + " GROUP BY concurrency_key"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                waiters.put(rs.getString(1), rs.getLong(2));
            }
        }
        String key = dialect.quote("key");
        String limit = dialect.quote("limit");
        List<SemaphoreSnapshot> semaphores = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + key + " AS semaphore_key, value, active_count, "
                + limit + " AS slot_limit, expires_at FROM " + SEMAPHORES + " ORDER BY " + key);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString("semaphore_key");
                long value = rs.getLong("value");
                long slotLimit = rs.getLong("slot_limit");
                long active = rs.getLong("active_count");
                if (rs.wasNull()) {
                    active = Math.max(0, slotLimit - value);
                }
                semaphores.add(new SemaphoreSnapshot(name, active, value, slotLimit, waiters.getOrDefault(name, 0L),
                        dialect.getInstant(rs, "expires_at")));
            }
        }
        return List.copyOf(semaphores);
    }

    /**
     * The failed jobs' age and retention: the count is the stats' (exact), the oldest one is the
     * first of the {@code created_at} index that belongs to the backend, and those over the
     * retention are a range of that index (few, unless the retention is not running).
     */
    private static FailedJobs failedJobs(Connection connection, BackendContext context, Instant now, Duration retention,
                                         long count) throws SQLException {
        Instant oldest = null;
        if (count > 0) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT f.created_at FROM " + FAILED + " f JOIN " + JOBS
                    + " j ON j.id = f.job_id WHERE j.backend_alias = ? ORDER BY f.created_at LIMIT 1")) {
                ps.setString(1, context.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    oldest = rs.next() ? context.dialect.getInstant(rs, "created_at") : null;
                }
            }
        }
        Long over = null;
        if (retention != null) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM " + FAILED + " f JOIN " + JOBS
                    + " j ON j.id = f.job_id WHERE f.created_at < ? AND j.backend_alias = ?")) {
                context.dialect.setInstant(ps, 1, now.minus(retention));
                ps.setString(2, context.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    over = rs.getLong(1);
                }
            }
        }
        Double age = oldest == null ? null : Math.max(0, Duration.between(oldest, now).toNanos() / 1e9);
        return new FailedJobs(count, oldest, age, retention == null ? null : retention.toMillis() / 1000.0, over);
    }
}
