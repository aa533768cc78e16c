package dev.jqueue.operations;

import dev.jqueue.ProcessExitError;
import dev.jqueue.ProcessMissingError;
import dev.jqueue.ProcessPrunedError;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery: claims whose holder is gone become failed jobs, so no job stays invisibly
 * stuck. Three ways a holder goes: its process row vanished ({@link ProcessMissingError}), its
 * heartbeat expired ({@link ProcessPrunedError}), or it exited, crashed or was killed
 * ({@link ProcessExitError}). Each failure releases the job's concurrency slot.
 */
public final class Recovery {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    static final int BATCH = 500;

    private final BackendContext backend;
    private final Completion completion;

    public Recovery(BackendContext backend, Completion completion) {
        this.backend = backend;
        this.completion = completion;
    }

    /** Claims with no process row (the row was deleted) fail with ProcessMissingError. */
    public int failOrphanedClaims() {
        Instant now = backend.now();
        return backend.db.inTransaction(connection -> failAll(connection, backend.claimed.lockOrphans(connection, BATCH),
                ProcessMissingError.class.getName(), "process no longer registered", now));
    }

    /**
     * Prunes processes whose heartbeat is older than {@code threshold} (never {@code self}):
     * their claims fail with ProcessPrunedError and their rows go. A process that heartbeats
     * before the prune locks its row is spared.
     */
    public int pruneStaleProcesses(Duration threshold, Long self) {
        Instant now = backend.now();
        Instant cutoff = now.minus(threshold);
        int pruned = 0;
        for (Long id : backend.db.read(connection -> backend.processes.staleIds(connection, cutoff, self, BATCH))) {
            boolean gone = backend.db.inTransaction(connection -> {
                if (!backend.processes.lockIfStale(connection, id, cutoff)) {
                    return false; // it heartbeated meanwhile
                }
                int failed = failAll(connection, backend.claimed.lockOfProcess(connection, id),
                        ProcessPrunedError.class.getName(), "process heartbeat expired", now);
                backend.processes.deregister(connection, List.of(id));
                log.atWarn().addKeyValue("event", "process.pruned").addKeyValue("backend", backend.alias)
                        .addKeyValue("process_id", id).addKeyValue("failed_jobs", failed)
                        .log("process.pruned {} (heartbeat older than {}), failed {} claimed job(s)", id, threshold, failed);
                return true;
            });
            if (gone) {
                pruned++;
            }
        }
        return pruned;
    }

    /** Fails every claim of a process that exited or crashed, and removes its row. */
    public int failProcessExit(long processId, String message) {
        Instant now = backend.now();
        return backend.db.inTransaction(connection -> {
            int failed = failAll(connection, backend.claimed.lockOfProcess(connection, processId),
                    ProcessExitError.class.getName(), message, now);
            backend.processes.deregister(connection, List.of(processId));
            return failed;
        });
    }

    private int failAll(Connection connection, List<UUID> jobIds, String errorClass, String message, Instant now)
            throws SQLException {
        int failed = 0;
        for (UUID jobId : jobIds) {
            if (completion.failClaimed(connection, jobId, errorClass, message, "", null, now)) {
                failed++;
                log.atWarn().addKeyValue("event", "job.failed").addKeyValue("backend", backend.alias)
                        .addKeyValue("job_id", jobId).addKeyValue("exception_class", errorClass)
                        .log("job.failed {}: {}", errorClass, message);
            }
        }
        return failed;
    }
}
