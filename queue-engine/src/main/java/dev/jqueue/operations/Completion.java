package dev.jqueue.operations;

import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.FailedExecution;
import dev.jqueue.state.StateGuard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminal transitions of claimed jobs: {@link #complete} (successes, in batches, one
 * transaction per batch) and {@link #failWith} (one job, its error recorded). A job only
 * counts as finished once the transaction that records it has committed.
 */
public final class Completion {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    private final BackendContext backend;

    public Completion(BackendContext backend) {
        this.backend = backend;
    }

    /** Records successes; returns the ids actually finished (claims that vanished are skipped). */
    public Set<UUID> complete(List<ClaimedExecution.Completion> done) {
        if (done.isEmpty()) {
            return Set.of();
        }
        Instant now = backend.now();
        Set<UUID> finished = backend.db.inTransaction(connection ->
                backend.claimed.complete(connection, done, now, backend.settings.preserveFinishedJobs()));
        if (finished.size() != done.size()) {
            log.atWarn().addKeyValue("event", "job.completion_skipped").addKeyValue("backend", backend.alias)
                    .addKeyValue("skipped", done.size() - finished.size())
                    .log("job.completion_skipped: claims were gone (failed by a supervisor meanwhile)");
        }
        return finished;
    }

    /** Fails a claimed job with an exception; false if its claim was gone. */
    public boolean failWith(UUID jobId, Throwable error) {
        return fail(jobId, exceptionClass(error), String.valueOf(error.getMessage() == null ? "" : error.getMessage()),
                stackTrace(error));
    }

    /** Fails a claimed job with an error description; false if its claim was gone. */
    public boolean fail(UUID jobId, String exceptionClass, String message, String stackTrace) {
        Instant now = backend.now();
        boolean failed = backend.db.inTransaction(connection -> {
            if (!backend.claimed.consume(connection, jobId)) {
                return false;
            }
            if (!backend.guard.jobsWithState(connection, List.of(jobId)).isEmpty()) {
                throw StateGuard.conflict(jobId);
            }
            backend.failed.insert(connection,
                    List.of(new FailedExecution.Failure(jobId, exceptionClass, message, stackTrace)), now);
            return true;
        });
        if (failed) {
            log.atInfo().addKeyValue("event", "job.failed").addKeyValue("backend", backend.alias)
                    .addKeyValue("job_id", jobId).addKeyValue("exception_class", exceptionClass)
                    .log("job.failed {}: {}", exceptionClass, message);
        }
        return failed;
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
