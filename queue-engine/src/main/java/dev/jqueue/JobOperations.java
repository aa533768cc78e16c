package dev.jqueue;

import java.util.Collection;
import java.util.UUID;

/**
 * Operations on stored jobs. Each call is its own transaction (or joins the caller's) and
 * re-checks the job's state under a lock, so a job that moved on is skipped, never corrupted.
 * Bulk calls return how many jobs they changed.
 */
public interface JobOperations {

    /** Moves a failed job back through dispatch (ready, or scheduled if its run time is ahead). */
    TaskResult retryFailed(UUID jobId);

    int retryFailed(Collection<UUID> jobIds);

    int retryAllFailed();

    /**
     * Retries a failed job at a later time: it stays failed until then, when a dispatcher
     * retries it. {@link EnqueueError} "job is not failed" otherwise.
     */
    void scheduleRetry(UUID jobId, java.time.Instant at);

    /** Discards (deletes) a failed job. Returns false if it was not failed. */
    boolean discardFailed(UUID jobId);

    int discardFailed(Collection<UUID> jobIds);

    int discardAllFailed();

    int discardReady(Collection<UUID> jobIds);

    int discardScheduled(Collection<UUID> jobIds);

    int discardBlocked(Collection<UUID> jobIds);

    /** Discards a job in any discardable state; claimed jobs are refused with {@link EnqueueError}. */
    boolean discard(UUID jobId);

    /** Dispatches a scheduled job now; {@link EnqueueError} "job is not scheduled" otherwise. */
    TaskResult runNow(UUID jobId);

    /**
     * Enqueues a fresh copy (same task, arguments, queue, priority) of any stored job, keeping the
     * original's run time: a copy of a job scheduled for tomorrow is scheduled for tomorrow, a copy
     * of one whose time has passed is ready (dj_queue's "Enqueue job").
     */
    TaskResult enqueueCopy(UUID jobId);

    /** The same copy, to run now whatever the original's run time (dj_queue's "Enqueue copy now"). */
    TaskResult enqueueCopyNow(UUID jobId);
}
