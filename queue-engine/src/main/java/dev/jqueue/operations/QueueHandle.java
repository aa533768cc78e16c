package dev.jqueue.operations;

import dev.jqueue.QueueInfo;
import dev.jqueue.state.ReadyExecution;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Queue operations: size, latency, pause, resume, clear. */
public final class QueueHandle implements QueueInfo {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    private static final int CLEAR_BATCH = 500;

    private final BackendContext backend;
    private final String name;
    private final Completion completion;

    public QueueHandle(BackendContext backend, String name, Completion completion) {
        this.backend = backend;
        this.name = name;
        this.completion = completion;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return backend.db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM jqueue_ready_executions "
                    + "WHERE backend_alias = ? AND queue_name = ?")) {
                ps.setString(1, backend.alias);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Duration> latency() {
        if (paused()) {
            return Optional.empty();
        }
        Instant oldest = backend.db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT MIN(COALESCE(latency_started_at, created_at)) "
                    + "AS oldest FROM jqueue_ready_executions WHERE backend_alias = ? AND queue_name = ?")) {
                ps.setString(1, backend.alias);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return backend.dialect.getInstant(rs, "oldest");
                }
            }
        });
        if (oldest == null) {
            return Optional.of(Duration.ZERO);
        }
        Duration latency = Duration.between(oldest, backend.now());
        return Optional.of(latency.isNegative() ? Duration.ZERO : latency);
    }

    @Override
    public boolean paused() {
        return backend.db.read(connection -> backend.pauses.exists(connection, name));
    }

    /**
     * Two transactions: the pause row first (claims that start after it commit see it), then
     * the backend's claim gate taken exclusively once, which waits for the claims already in
     * flight. Neither depends on the queue's size.
     */
    @Override
    public void pause() {
        // no allow-list here (reference §1.7): an operator may stop a lane the allow-list no longer names
        Enqueue.validateQueueName(name);
        Instant now = backend.now();
        backend.db.inTransaction(connection -> {
            backend.pauses.insert(connection, name, now);
            return null;
        });
        backend.db.inTransaction(connection -> {
            backend.dialect.claimGate().drain(connection, backend.alias);
            return null;
        });
        log.atInfo().addKeyValue("event", "queue.paused").addKeyValue("backend", backend.alias)
                .addKeyValue("queue", name).log("queue.paused {}", name);
    }

    /** Shifts each waiting job's latency start by the paused time, then removes the pause. */
    @Override
    public boolean resume() {
        Instant now = backend.now();
        boolean resumed = backend.db.inTransaction(connection -> {
            Optional<Instant> pausedAt = backend.pauses.lock(connection, name);
            if (pausedAt.isEmpty()) {
                return false;
            }
            Duration pausedFor = Duration.between(pausedAt.get(), now);
            List<ReadyExecution.Timing> timings = backend.ready.timings(connection, name);
            List<Instant> starts = new ArrayList<>(timings.size());
            for (ReadyExecution.Timing timing : timings) {
                Instant start = timing.latencyStart();
                starts.add(start.isBefore(pausedAt.get()) ? start.plus(pausedFor) : now);
            }
            if (!timings.isEmpty()) {
                backend.ready.setLatencyStart(connection, timings, starts);
            }
            backend.pauses.delete(connection, name);
            return true;
        });
        if (resumed) {
            log.atInfo().addKeyValue("event", "queue.resumed").addKeyValue("backend", backend.alias)
                    .addKeyValue("queue", name).log("queue.resumed {}", name);
        }
        return resumed;
    }

    @Override
    public int clear() {
        int total = 0;
        while (true) {
            int discarded = backend.db.inTransaction(connection -> {
                List<UUID> locked = backend.ready.lockQueueBatch(connection, name, CLEAR_BATCH);
                if (locked.isEmpty()) {
                    return 0;
                }
                List<dev.jqueue.state.Job> jobs = backend.jobs.load(connection, locked);
                int deleted = backend.jobs.delete(connection, locked);
                completion.releaseSlots(connection, jobs.stream().filter(j -> j.concurrency() != null)
                        .map(dev.jqueue.state.Job::concurrency).toList(), backend.now());
                return deleted;
            });
            total += discarded;
            if (discarded == 0) {
                break;
            }
        }
        log.atInfo().addKeyValue("event", "queue.cleared").addKeyValue("backend", backend.alias)
                .addKeyValue("queue", name).addKeyValue("count", total).log("queue.cleared {} ({} jobs)", name, total);
        return total;
    }

    @Override
    public String toString() {
        return "Queue[" + backend.alias + "/" + name + "]";
    }
}
