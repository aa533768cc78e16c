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
import dev.jqueue.state.Tables;
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
 * per state), pauses and latency. Execution-row counts are per row; jobs whose rows contradict
 * each other are counted once more under {@code invalid}.
 */
public final class Stats {

    private final BackendContext backend;

    public Stats(BackendContext backend) {
        this.backend = backend;
    }

    public BackendStats snapshot() {
        Instant now = backend.now();
        return backend.db.read(connection -> {
            Map<String, EnumMap<JobState, Long>> counts = new TreeMap<>();
            String executionCounts = "SELECT queue_name, 'ready' AS state, COUNT(*) AS n FROM " + READY
                    + " WHERE backend_alias = ? GROUP BY queue_name "
                    + "UNION ALL SELECT queue_name, 'scheduled', COUNT(*) FROM " + SCHEDULED
                    + " WHERE backend_alias = ? GROUP BY queue_name "
                    + "UNION ALL SELECT j.queue_name, 'claimed', COUNT(*) FROM " + CLAIMED + " c JOIN " + JOBS
                    + " j ON j.id = c.job_id WHERE j.backend_alias = ? GROUP BY j.queue_name "
                    + "UNION ALL SELECT queue_name, 'blocked', COUNT(*) FROM " + BLOCKED
                    + " WHERE backend_alias = ? GROUP BY queue_name "
                    + "UNION ALL SELECT j.queue_name, 'failed', COUNT(*) FROM " + FAILED + " f JOIN " + JOBS
                    + " j ON j.id = f.job_id WHERE j.backend_alias = ? GROUP BY j.queue_name "
                    + "UNION ALL SELECT queue_name, 'finished', COUNT(*) FROM " + JOBS
                    + " WHERE backend_alias = ? AND finished_at IS NOT NULL GROUP BY queue_name";
            try (PreparedStatement ps = connection.prepareStatement(executionCounts)) {
                for (int i = 1; i <= 6; i++) {
                    ps.setString(i, backend.alias);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.computeIfAbsent(rs.getString(1), q -> new EnumMap<>(JobState.class))
                                .merge(JobState.fromLabel(rs.getString(2)), rs.getLong(3), Long::sum);
                    }
                }
            }
            for (Map.Entry<String, Long> invalid : invalidByQueue(connection).entrySet()) {
                counts.computeIfAbsent(invalid.getKey(), q -> new EnumMap<>(JobState.class))
                        .put(JobState.INVALID, invalid.getValue());
            }
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
                        isPaused, latency));
            });
            return new BackendStats(backend.alias, now, List.copyOf(queues));
        });
    }

    private static long get(Map<JobState, Long> counts, JobState state) {
        return counts.getOrDefault(state, 0L);
    }

    /**
     * Invalid jobs per queue: finished jobs that still have an execution row, and unfinished
     * jobs with no live row or more than one. The second part scans only unfinished jobs.
     */
    Map<String, Long> invalidByQueue(Connection connection) throws SQLException {
        StringBuilder liveRows = new StringBuilder();
        for (String table : Tables.EXECUTIONS) {
            if (!liveRows.isEmpty()) {
                liveRows.append(" + ");
            }
            liveRows.append("(CASE WHEN EXISTS (SELECT 1 FROM ").append(table)
                    .append(" x WHERE x.job_id = j.id) THEN 1 ELSE 0 END)");
        }
        StringBuilder sql = new StringBuilder("SELECT queue_name, COUNT(*) AS n FROM (");
        for (String table : Tables.EXECUTIONS) {
            sql.append("SELECT j.id, j.queue_name FROM ").append(JOBS).append(" j JOIN ").append(table)
                    .append(" x ON x.job_id = j.id WHERE j.backend_alias = ? AND j.finished_at IS NOT NULL UNION ");
        }
        sql.append("SELECT j.id, j.queue_name FROM ").append(JOBS).append(" j WHERE j.backend_alias = ? ")
                .append("AND j.finished_at IS NULL AND (").append(liveRows).append(") <> 1) invalid GROUP BY queue_name");
        Map<String, Long> result = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            for (int i = 1; i <= Tables.EXECUTIONS.length + 1; i++) {
                ps.setString(i, backend.alias);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return result;
    }

    private List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, backend.alias);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
