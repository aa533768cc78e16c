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
            dispatch.dispatch(connection, jobs.stream().map(j -> withDue(j, now)).toList(), now);
            return jobs.size();
        });
        if (promoted > 0) {
            log.atDebug().addKeyValue("event", "jobs.promoted").addKeyValue("backend", backend.alias)
                    .addKeyValue("count", promoted).log("jobs.promoted");
        }
        return promoted;
    }

    /** A job whose schedule row was consumed is due even if clocks disagree by a hair. */
    private static Job withDue(Job job, Instant now) {
        return job.dueAt(now) ? job : new Job(job.id(), job.taskPath(), job.queueName(), job.priority(), job.payload(),
                job.backend(), now, job.attempts(), job.createdAt());
    }
}
