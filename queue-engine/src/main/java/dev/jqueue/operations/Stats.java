package dev.jqueue.operations;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PAUSES;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.RECURRING_TASKS;
import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.BackendStats;
import dev.jqueue.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-queue read model: counts by state (grouped queries over the execution tables, one
 * per state), pauses and latency. {@link #snapshot()} is exact: execution-row counts are per row,
 * and jobs whose rows contradict each other are counted once more under {@code invalid}.
 * {@link #observed(long)} is what a console refreshes every few seconds.
 */
public final class Stats {

    private final BackendContext backend;

    public Stats(BackendContext backend) {
        this.backend = backend;
    }

    /** Exact counts of every state, the invalid state included: seconds at a million jobs (the console does not use it). */
    public BackendStats snapshot() {
        Instant now = backend.now();
        return backend.db.read(connection -> {
            Map<String, EnumMap<JobState, Long>> counts = new TreeMap<>();
            String executionCounts = EXECUTION_COUNTS + " UNION ALL SELECT j.queue_name, 'failed', COUNT(*) FROM " + FAILED
                    + " f JOIN " + JOBS + " j ON j.id = f.job_id WHERE j.backend_alias = ? GROUP BY j.queue_name "
                    + "UNION ALL SELECT queue_name, 'finished', COUNT(*) FROM " + JOBS
                    + " WHERE backend_alias = ? AND finished_at IS NOT NULL GROUP BY queue_name";
            countInto(connection, executionCounts, 6, counts);
            for (Map.Entry<String, Long> invalid : new InvalidJobs(backend).byQueue(connection).entrySet()) {
                counts.computeIfAbsent(invalid.getKey(), q -> new EnumMap<>(JobState.class))
                        .put(JobState.INVALID, invalid.getValue());
            }
            return summaries(connection, counts, Set.of(), now);
        });
    }

    /**
     * The counts the console and the metrics refresh, in a time independent of the finished
     * jobs retained: ready, scheduled, claimed, blocked and failed exactly (failed = unfinished
     * jobs with a failed row), finished per queue counted only up to {@code finishedCap}
     * ({@link BackendStats.QueueSummary#finishedAtLeast()} then says "this many or more"), and
     * no invalid count (0): that is the background check's ({@link InvalidJobs}).
     */
    public BackendStats observed(long finishedCap) {
        Instant now = backend.now();
        // Joins pinned to key lookups: never analyzed, the claimed count became a hash join over every job.
        return backend.db.pinnedRead(false, connection -> {
            Map<String, EnumMap<JobState, Long>> counts = new TreeMap<>();
            String executionCounts = EXECUTION_COUNTS + " UNION ALL SELECT j.queue_name, 'failed', COUNT(*) FROM " + JOBS
                    + " j WHERE j.backend_alias = ? AND j.finished_at IS NULL AND EXISTS (SELECT 1 FROM " + FAILED
                    + " f WHERE f.job_id = j.id) GROUP BY j.queue_name";
            countInto(connection, executionCounts, 5, counts);
            Set<String> capped = new HashSet<>();
            for (String queue : strings(connection, backend.dialect.distinctJobQueues())) {
                long finished = cappedFinished(connection, queue, finishedCap);
                // Every queue with jobs is listed, also one whose jobs are all invalid.
                EnumMap<JobState, Long> byState = counts.computeIfAbsent(queue, q -> new EnumMap<>(JobState.class));
                if (finished > 0) {
                    byState.put(JobState.FINISHED, Math.min(finished, finishedCap));
                }
                if (finished > finishedCap) {
                    capped.add(queue);
                }
            }
            return summaries(connection, counts, capped, now);
        });
    }

    /** Counts of the execution tables small enough to count (their rows are the live jobs), by queue. */
    private static final String EXECUTION_COUNTS = "SELECT queue_name, 'ready' AS state, COUNT(*) AS n FROM " + READY
            + " WHERE backend_alias = ? GROUP BY queue_name "
            + "UNION ALL SELECT queue_name, 'scheduled', COUNT(*) FROM " + SCHEDULED
            + " WHERE backend_alias = ? GROUP BY queue_name "
            + "UNION ALL SELECT j.queue_name, 'claimed', COUNT(*) FROM " + CLAIMED + " c JOIN " + JOBS
            + " j ON j.id = c.job_id WHERE j.backend_alias = ? GROUP BY j.queue_name "
            + "UNION ALL SELECT queue_name, 'blocked', COUNT(*) FROM " + BLOCKED
            + " WHERE backend_alias = ? GROUP BY queue_name";

    private void countInto(Connection connection, String sql, int aliases, Map<String, EnumMap<JobState, Long>> counts)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 1; i <= aliases; i++) {
                ps.setString(i, backend.alias);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getString(1), q -> new EnumMap<>(JobState.class))
                            .merge(JobState.fromLabel(rs.getString(2)), rs.getLong(3), Long::sum);
                }
            }
        }
    }

    /** Finished jobs of a queue, reading at most {@code cap + 1} of them (through the queue's index). */
    private long cappedFinished(Connection connection, String queue, long cap) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + JOBS
                + " WHERE backend_alias = ? AND queue_name = ? AND finished_at IS NOT NULL LIMIT " + (cap + 1) + ") capped")) {
            ps.setString(1, backend.alias);
            ps.setString(2, queue);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private BackendStats summaries(Connection connection, Map<String, EnumMap<JobState, Long>> counts,
                                   Set<String> finishedCapped, Instant now) throws SQLException {
        Set<String> paused = new HashSet<>(strings(connection, "SELECT queue_name FROM " + PAUSES + " WHERE backend_alias = ?"));
        for (String queue : paused) {
            counts.computeIfAbsent(queue, q -> new EnumMap<>(JobState.class));
        }
        for (String queue : strings(connection, "SELECT DISTINCT queue_name FROM " + RECURRING_TASKS + " WHERE backend_alias = ?")) {
            counts.computeIfAbsent(queue, q -> new EnumMap<>(JobState.class));
        }
        Map<String, Instant> oldest = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT queue_name, MIN(COALESCE(latency_started_at, "
                + "created_at)) AS oldest FROM " + READY + " WHERE backend_alias = ? GROUP BY queue_name")) {
            ps.setString(1, backend.alias);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oldest.put(rs.getString("queue_name"), backend.dialect.getInstant(rs, "oldest"));
                }
            }
        }
        List<BackendStats.QueueSummary> queues = new ArrayList<>();
        counts.forEach((queue, byState) -> {
            boolean isPaused = paused.contains(queue);
            Optional<Duration> latency;
            if (isPaused) {
                latency = Optional.empty();
            } else if (oldest.containsKey(queue)) {
                Duration d = Duration.between(oldest.get(queue), now);
                latency = Optional.of(d.isNegative() ? Duration.ZERO : d);
            } else {
                latency = Optional.of(Duration.ZERO);
            }
            queues.add(new BackendStats.QueueSummary(queue, get(byState, JobState.READY),
                    get(byState, JobState.SCHEDULED), get(byState, JobState.CLAIMED), get(byState, JobState.BLOCKED),
                    get(byState, JobState.FAILED), get(byState, JobState.FINISHED), get(byState, JobState.INVALID),
                    isPaused, latency, finishedCapped.contains(queue)));
        });
        return new BackendStats(backend.alias, now, List.copyOf(queues));
    }

    private static long get(Map<JobState, Long> counts, JobState state) {
        return counts.getOrDefault(state, 0L);
    }

    /** The first column of a query whose every parameter is the backend's alias. */
    private List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 1; i <= sql.chars().filter(c -> c == '?').count(); i++) {
                ps.setString(i, backend.alias);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
