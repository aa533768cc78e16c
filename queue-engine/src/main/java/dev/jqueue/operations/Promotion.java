package dev.jqueue.operations;

import dev.jqueue.state.Job;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's transition: scheduled jobs that are due become ready, a batch per
 * transaction, in order of run time, then priority, then row id.
 */
public final class Promotion {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    private final BackendContext backend;
    private final Dispatch dispatch;

    public Promotion(BackendContext backend, Dispatch dispatch) {
        this.backend = backend;
        this.dispatch = dispatch;
    }

    /** Promotes up to {@code batchSize} due jobs; returns how many were promoted. */
    public int promoteDue(int batchSize) {
        Instant now = backend.now();
        int promoted = backend.db.inTransaction(connection -> {
            List<UUID> ids = backend.scheduled.consumeDue(connection, now, batchSize);
            if (ids.isEmpty()) {
                return 0;
            }
            List<Job> jobs = backend.jobs.load(connection, ids);
            // Due now: the dispatch puts every one of them in ready, in the consumed order.
            dispatch.dispatch(connection, jobs.stream().map(j -> j.dueAt(now) ? j : j.withScheduledAt(now)).toList(), now);
            return jobs.size();
        });
        if (promoted > 0) {
            log.atDebug().addKeyValue("event", "jobs.promoted").addKeyValue("backend", backend.alias)
                    .addKeyValue("count", promoted).log("jobs.promoted");
        }
        return promoted;
    }

    /**
     * Dispatcher maintenance: blocked jobs whose expiry passed get a slot if one is free now
     * (and become ready); otherwise their expiry is extended by their duration.
     */
    public int promoteExpiredBlocked(int batchSize) {
        Instant now = backend.now();
        return backend.db.inTransaction(connection -> {
            List<Job> expired = new java.util.ArrayList<>(backend.blocked.lockExpired(connection, now, batchSize));
            List<Job> ready = new java.util.ArrayList<>();
            expired.sort(java.util.Comparator.comparing(job -> job.concurrency().key()));
            for (Job job : expired) {
                var policy = job.concurrency();
                if (backend.semaphores.acquire(connection, policy.key(), 1, policy.limit(), policy.duration(), now) == 1) {
                    backend.blocked.delete(connection, List.of(job.id()));
                    ready.add(job);
                } else {
                    backend.blocked.extend(connection, job, now.plus(policy.duration()));
                }
            }
            dispatch.makeReady(connection, ready, now);
            return ready.size();
        });
    }
}
