package dev.jqueue.observability;

import static dev.jqueue.state.Tables.DEPTH_SAMPLES;

import dev.jqueue.BackendStats;
import dev.jqueue.backend.Backend;
import dev.jqueue.operations.BackendContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queue depth over time (ready and scheduled jobs per queue), kept in the queue database so the
 * console's depth chart survives a restart and every console instance draws the same history.
 * Samples fall into fixed buckets ({@code interval} wide, aligned to the epoch); the bucket is
 * part of the key and a sample of a bucket already written is skipped, so consoles sampling at
 * the same time write one row. Each write also deletes the backend's samples older than
 * {@link #KEPT}, so the table stays a day deep without a retention job.
 */
public final class QueueDepthHistory {

    /** How far back samples are kept. */
    public static final Duration KEPT = Duration.ofDays(1);

    /** The depth of each queue of one backend in one bucket. */
    public record Sample(Instant at, Map<String, Long> depthByQueue) {
        public Sample {
            depthByQueue = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(depthByQueue));
        }

        public long total() {
            return depthByQueue.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final BackendContext backend;
    private final Duration interval;

    public QueueDepthHistory(Backend backend, Duration interval) {
        this.backend = backend.context();
        this.interval = interval;
    }

    /** The start of the bucket {@code at} falls in. */
    public Instant bucket(Instant at) {
        long width = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), width) * width);
    }

    /** Writes the depth of every queue in {@code stats} into the bucket of {@code at}, unless that bucket is written. */
    public void record(Instant at, BackendStats stats) {
        Instant bucket = bucket(at);
        backend.db.inTransaction(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(backend.dialect.insertIgnore(DEPTH_SAMPLES
                    + " (backend_alias, sampled_at, queue_name, ready, scheduled) VALUES (?, ?, ?, ?, ?)"))) {
                for (BackendStats.QueueSummary queue : stats.queues()) {
                    ps.setString(1, backend.alias);
                    backend.dialect.setInstant(ps, 2, bucket);
                    ps.setString(3, queue.name());
                    ps.setLong(4, queue.ready());
                    ps.setLong(5, queue.scheduled());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + DEPTH_SAMPLES
                    + " WHERE backend_alias = ? AND sampled_at < ?")) {
                ps.setString(1, backend.alias);
                backend.dialect.setInstant(ps, 2, bucket.minus(KEPT));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The samples since {@code from}, oldest first. */
    public List<Sample> since(Instant from) {
        return backend.db.read(connection -> {
            Map<Instant, Map<String, Long>> byBucket = new LinkedHashMap<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT sampled_at, queue_name, ready + scheduled AS depth"
                    + " FROM " + DEPTH_SAMPLES + " WHERE backend_alias = ? AND sampled_at >= ? ORDER BY sampled_at, queue_name")) {
                ps.setString(1, backend.alias);
                backend.dialect.setInstant(ps, 2, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byBucket.computeIfAbsent(backend.dialect.getInstant(rs, "sampled_at"), at -> new LinkedHashMap<>())
                                .put(rs.getString("queue_name"), rs.getLong("depth"));
                    }
                }
            }
            List<Sample> samples = new ArrayList<>();
            byBucket.forEach((at, depth) -> samples.add(new Sample(at, depth)));
            return samples;
        });
    }
}
