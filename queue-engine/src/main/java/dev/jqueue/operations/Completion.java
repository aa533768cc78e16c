package dev.jqueue.operations;

import dev.jqueue.Retry;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.ConcurrencyPolicy;
import dev.jqueue.state.FailedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.task.TaskDefinition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminal transitions of claimed jobs: {@link #complete} (successes, in batches, one
 * transaction per batch) and {@link #fail} (one job, its error recorded). Both release the
 * job's concurrency slot in the same transaction, handing it to the next waiter; if that
 * fails, the whole transition rolls back. A job only counts as finished once the transaction
 * that records it has committed.
 */
public final class Completion {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    private final BackendContext backend;
    private final ConcurrencyControl concurrency;
    private final Dispatch dispatch;

    public Completion(BackendContext backend, ConcurrencyControl concurrency, Dispatch dispatch) {
        this.backend = backend;
        this.concurrency = concurrency;
        this.dispatch = dispatch;
    }

    /** Records successes; returns the ids actually finished (claims that vanished are skipped). */
    public List<UUID> complete(List<ClaimedExecution.Completion> done) {
        if (done.isEmpty()) {
            return List.of();
        }
        Instant now = backend.now();
        List<ClaimedExecution.Finished> finished = backend.db.inTransaction(connection -> {
            List<ClaimedExecution.Finished> rows = backend.claimed.complete(connection, done, now,
                    backend.settings.preserveFinishedJobs());
            List<ConcurrencyPolicy> slots = new ArrayList<>();
            for (ClaimedExecution.Finished row : rows) {
                if (row.policy() != null) {
                    slots.add(row.policy());
                }
            }
            releaseSlots(connection, slots, now);
            return rows;
        });
        if (finished.size() != done.size()) {
            log.atWarn().addKeyValue("event", "job.completion_skipped").addKeyValue("backend", backend.alias)
                    .addKeyValue("skipped", done.size() - finished.size())
                    .log("job.completion_skipped: claims were gone (failed by a supervisor meanwhile) or the job turned invalid");
        }
        return finished.stream().map(ClaimedExecution.Finished::jobId).toList();
    }

    /** Fails a claimed job with an exception (no automatic retry); false if its claim was gone. */
    public boolean failWith(UUID jobId, Throwable error) {
        return fail(jobId, exceptionClass(error), error.getMessage() == null ? "" : error.getMessage(), stackTrace(error),
                null);
    }

    /** Fails one attempt of a claimed job, scheduling an automatic retry if its task asks for one. */
    public boolean failAttempt(Job job, String exceptionClass, Throwable error) {
        return !failAttempts(List.of(new FailedRun(job, exceptionClass, error))).isEmpty();
    }

    /** One failed run of a claimed job, as a worker reports it. */
    public record FailedRun(Job job, String exceptionClass, Throwable error) {
    }

    /**
     * Fails the attempts of several claimed jobs in one transaction (the worker's batch),
     * scheduling automatic retries where their tasks ask for one. Returns the jobs failed;
     * those whose claim was gone are skipped.
     */
    public List<UUID> failAttempts(List<FailedRun> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        Instant now = backend.now();
        List<FailedExecution.Failure> failures = new ArrayList<>();
        java.util.Map<UUID, FailedRun> byId = new java.util.LinkedHashMap<>();
        for (FailedRun run : runs) {
            Retry retry = backend.tasks.find(run.job().taskPath()).map(TaskDefinition::retry).orElse(null);
            Instant retryAt = RetrySchedule.retryAt(retry, run.job().attempts() + 1, run.error(), now);
            String message = run.error().getMessage() == null ? "" : run.error().getMessage();
            failures.add(new FailedExecution.Failure(run.job().id(), run.exceptionClass(), message,
                    stackTrace(run.error()), retryAt));
            byId.put(run.job().id(), run);
        }
        List<FailedExecution.Failure> recorded = backend.db.inTransaction(connection -> {
            java.util.Set<UUID> consumed = backend.claimed.consumeAll(connection, List.copyOf(byId.keySet()));
            List<FailedExecution.Failure> owned = failures.stream().filter(f -> consumed.contains(f.jobId())).toList();
            if (owned.isEmpty()) {
                return owned;
            }
            backend.failed.insert(connection, owned, now);
            List<ConcurrencyPolicy> slots = new ArrayList<>();
            for (FailedExecution.Failure failure : owned) {
                ConcurrencyPolicy policy = byId.get(failure.jobId()).job().concurrency();
                if (policy != null) {
                    slots.add(policy);
                }
            }
            releaseSlots(connection, slots, now);
            return owned;
        });
        for (FailedExecution.Failure failure : recorded) {
            log.atInfo().addKeyValue("event", "job.failed").addKeyValue("backend", backend.alias)
                    .addKeyValue("job_id", failure.jobId()).addKeyValue("exception_class", failure.exceptionClass())
                    .addKeyValue("retry_at", failure.retryAt())
                    .log("job.failed {}: {}", failure.exceptionClass(), failure.message());
        }
        return recorded.stream().map(FailedExecution.Failure::jobId).toList();
    }

    /** Fails a claimed job with an error description; false if its claim was gone. */
    public boolean fail(UUID jobId, String exceptionClass, String message, String stackTrace, Instant retryAt) {
        Instant now = backend.now();
        boolean failed = backend.db.inTransaction(connection ->
                failClaimed(connection, jobId, exceptionClass, message, stackTrace, retryAt, now));
        if (failed) {
            log.atInfo().addKeyValue("event", "job.failed").addKeyValue("backend", backend.alias)
                    .addKeyValue("job_id", jobId).addKeyValue("exception_class", exceptionClass)
                    .addKeyValue("retry_at", retryAt).log("job.failed {}: {}", exceptionClass, message);
        }
        return failed;
    }

    /**
     * The failing transition inside the caller's transaction: consumes the claim (false if it is
     * gone), checks the one-state invariant, records the failure and releases the job's slot.
     */
    boolean failClaimed(Connection connection, UUID jobId, String exceptionClass, String message, String stackTrace,
                        Instant retryAt, Instant now) throws SQLException {
        // Consuming the claim is what keeps one live state: no other row can exist for the job.
        if (!backend.claimed.consume(connection, jobId)) {
            return false;
        }
        backend.failed.insert(connection,
                List.of(new FailedExecution.Failure(jobId, exceptionClass, message, stackTrace, retryAt)), now);
        List<Job> job = backend.jobs.load(connection, List.of(jobId));
        if (!job.isEmpty() && job.getFirst().concurrency() != null) {
            releaseSlots(connection, List.of(job.getFirst().concurrency()), now);
        }
        return true;
    }

    /** Returns slots and makes the waiters that received one ready. */
    void releaseSlots(Connection connection, List<ConcurrencyPolicy> slots, Instant now) throws SQLException {
        if (slots.isEmpty()) {
            return;
        }
        List<Job> unblocked = concurrency.release(connection, slots, now);
        dispatch.makeReady(connection, unblocked, now);
        for (Job job : unblocked) {
            log.atDebug().addKeyValue("event", "job.unblocked").addKeyValue("backend", backend.alias)
                    .addKeyValue("job_id", job.id()).log("job.unblocked");
        }
    }

    /** The binary name of an exception class, e.g. {@code java.lang.IllegalStateException}. */
    public static String exceptionClass(Throwable error) {
        return error.getClass().getName();
    }

    public static String stackTrace(Throwable error) {
        StringWriter writer = new StringWriter();
        error.printStackTrace(new PrintWriter(writer));
        return writer.toString();
    }
}
