package dev.jqueue.operations;

import dev.jqueue.EnqueueError;
import dev.jqueue.JobOperations;
import dev.jqueue.JobState;
import dev.jqueue.NoSuchJobException;
import dev.jqueue.TaskResult;
import dev.jqueue.state.Job;
import dev.jqueue.state.StateGuard;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator and API transitions on stored jobs. Every one locks the rows it consumes (skipping
 * rows another transaction holds), so a job that moved on meanwhile is left alone and not
 * counted.
 */
public final class JobActions implements JobOperations {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    static final int BATCH = 500;

    private final BackendContext backend;
    private final Dispatch dispatch;
    private final Enqueue enqueue;
    private final Results results;
    private final Completion completion;

    public JobActions(BackendContext backend, Dispatch dispatch, Enqueue enqueue, Results results, Completion completion) {
        this.backend = backend;
        this.dispatch = dispatch;
        this.enqueue = enqueue;
        this.results = results;
        this.completion = completion;
    }

    @Override
    public void scheduleRetry(UUID jobId, Instant at) {
        if (at == null) {
            throw new EnqueueError("retry_at is required");
        }
        boolean scheduled = backend.db.inTransaction(connection -> backend.failed.scheduleRetry(connection, jobId, at));
        if (!scheduled) {
            requireOwnBackend(jobId);
            throw new EnqueueError("job is not failed");
        }
    }

    /** Dispatcher: retries failed jobs whose retry time has come; returns how many. */
    public int retryDue(int batchSize) {
        Instant now = backend.now();
        return backend.db.inTransaction(connection -> retry(connection, backend.failed.lockDueRetries(connection, now, batchSize)));
    }

    @Override
    public TaskResult retryFailed(UUID jobId) {
        int retried = retryFailed(List.of(jobId));
        if (retried == 0) {
            requireOwnBackend(jobId);
            throw new EnqueueError("job is not failed");
        }
        return results.get(jobId);
    }

    @Override
    public int retryFailed(Collection<UUID> jobIds) {
        int total = 0;
        for (List<UUID> chunk : chunks(jobIds)) {
            total += backend.db.inTransaction(connection -> retry(connection, backend.failed.lock(connection, chunk)));
        }
        return total;
    }

    @Override
    public int retryAllFailed() {
        int total = 0;
        while (true) {
            int retried = backend.db.inTransaction(connection -> retry(connection, backend.failed.lockBatch(connection, BATCH)));
            total += retried;
            if (retried == 0) {
                return total;
            }
        }
    }

    /** Consumes locked failed rows and dispatches their jobs again (honouring a future run time). */
    private int retry(Connection connection, List<UUID> locked) throws SQLException {
        if (locked.isEmpty()) {
            return 0;
        }
        Instant now = backend.now();
        backend.failed.delete(connection, locked);
        Set<UUID> conflicting = backend.guard.jobsWithState(connection, locked);
        if (!conflicting.isEmpty()) {
            throw StateGuard.conflict(conflicting.iterator().next());
        }
        backend.jobs.reopen(connection, locked, false, now);
        List<Job> jobs = backend.jobs.load(connection, locked);
        dispatch.dispatch(connection, jobs, now);
        log.atInfo().addKeyValue("event", "job.retried").addKeyValue("backend", backend.alias)
                .addKeyValue("count", jobs.size()).log("job.retried");
        return jobs.size();
    }

    @Override
    public boolean discardFailed(UUID jobId) {
        return discardFailed(List.of(jobId)) == 1;
    }

    @Override
    public int discardFailed(Collection<UUID> jobIds) {
        return discard(jobIds, JobState.FAILED);
    }

    @Override
    public int discardAllFailed() {
        int total = 0;
        while (true) {
            int discarded = backend.db.inTransaction(connection ->
                    deleteJobs(connection, backend.failed.lockBatch(connection, BATCH), "failed"));
            total += discarded;
            if (discarded == 0) {
                return total;
            }
        }
    }

    @Override
    public int discardReady(Collection<UUID> jobIds) {
        return discard(jobIds, JobState.READY);
    }

    @Override
    public int discardScheduled(Collection<UUID> jobIds) {
        return discard(jobIds, JobState.SCHEDULED);
    }

    @Override
    public int discardBlocked(Collection<UUID> jobIds) {
        return discard(jobIds, JobState.BLOCKED);
    }

    private int discard(Collection<UUID> jobIds, JobState state) {
        int total = 0;
        for (List<UUID> chunk : chunks(jobIds)) {
            total += backend.db.inTransaction(connection -> {
                List<UUID> locked = switch (state) {
                    case READY -> backend.ready.lock(connection, chunk);
                    case SCHEDULED -> backend.scheduled.lock(connection, chunk);
                    case BLOCKED -> backend.blocked.lock(connection, chunk);
                    case FAILED -> backend.failed.lock(connection, chunk);
                    default -> throw new IllegalArgumentException(state + " jobs cannot be discarded");
                };
                if (state != JobState.READY) {
                    return deleteJobs(connection, locked, state.label());
                }
                // A ready job of a limited key holds a slot: discarding it passes the slot on.
                List<Job> jobs = backend.jobs.load(connection, locked);
                int deleted = deleteJobs(connection, locked, state.label());
                completion.releaseSlots(connection, jobs.stream().filter(j -> j.concurrency() != null)
                        .map(Job::concurrency).toList(), backend.now());
                return deleted;
            });
        }
        return total;
    }

    private int deleteJobs(Connection connection, List<UUID> locked, String reason) throws SQLException {
        if (locked.isEmpty()) {
            return 0;
        }
        int deleted = backend.jobs.delete(connection, locked);
        log.atInfo().addKeyValue("event", "job.discarded").addKeyValue("backend", backend.alias)
                .addKeyValue("reason", reason).addKeyValue("count", deleted).log("job.discarded");
        return deleted;
    }

    @Override
    public boolean discard(UUID jobId) {
        JobState state;
        try {
            state = results.get(jobId).state();
        } catch (NoSuchJobException e) {
            requireOwnBackend(jobId);
            throw e;
        }
        return switch (state) {
            case READY, SCHEDULED, BLOCKED, FAILED -> discard(List.of(jobId), state) == 1;
            case CLAIMED -> throw new EnqueueError("job " + jobId + " is claimed by a worker and cannot be discarded");
            case FINISHED -> throw new EnqueueError("job " + jobId + " is finished; there is nothing to discard");
            case INVALID -> throw new EnqueueError("job " + jobId + " is in an invalid state; inspect it before acting");
        };
    }

    @Override
    public TaskResult runNow(UUID jobId) {
        Instant now = backend.now();
        backend.db.inTransaction(connection -> {
            List<UUID> locked = backend.scheduled.lock(connection, List.of(jobId));
            if (locked.isEmpty()) {
                requireOwnBackend(connection, jobId);
                throw new EnqueueError("job is not scheduled");
            }
            backend.scheduled.delete(connection, locked);
            if (!backend.guard.jobsWithState(connection, locked).isEmpty()) {
                throw StateGuard.conflict(jobId);
            }
            backend.jobs.reopen(connection, locked, true, now);
            dispatch.dispatch(connection, backend.jobs.load(connection, locked), now);
            return null;
        });
        log.atInfo().addKeyValue("event", "job.dispatched_now").addKeyValue("backend", backend.alias)
                .addKeyValue("job_id", jobId).log("job.dispatched_now");
        return results.get(jobId);
    }

    @Override
    public TaskResult enqueueCopy(UUID jobId) {
        return enqueue.enqueueCopy(source(jobId), true);
    }

    @Override
    public TaskResult enqueueCopyNow(UUID jobId) {
        return enqueue.enqueueCopy(source(jobId), false);
    }

    private Job source(UUID jobId) {
        List<Job> source = backend.db.read(connection -> backend.jobs.load(connection, List.of(jobId)));
        if (source.isEmpty()) {
            requireOwnBackend(jobId);
            throw new NoSuchJobException(jobId, backend.alias);
        }
        return source.getFirst();
    }

    /**
     * On the failure path of a one-job action: a job of another backend on the same database is
     * named as such (reference §1.14), not reported as missing or in the wrong state.
     */
    private void requireOwnBackend(UUID jobId) {
        backend.db.read(connection -> {
            requireOwnBackend(connection, jobId);
            return null;
        });
    }

    private void requireOwnBackend(java.sql.Connection connection, UUID jobId) throws java.sql.SQLException {
        java.util.Optional<String> owner = backend.jobs.ownerOf(connection, jobId);
        if (owner.isPresent() && !owner.get().equals(backend.alias)) {
            throw new EnqueueError("job " + jobId + " belongs to backend '" + owner.get() + "'");
        }
    }

    private static List<List<UUID>> chunks(Collection<UUID> ids) {
        List<UUID> list = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        List<List<UUID>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += BATCH) {
            chunks.add(list.subList(i, Math.min(list.size(), i + BATCH)));
        }
        return chunks;
    }
}
