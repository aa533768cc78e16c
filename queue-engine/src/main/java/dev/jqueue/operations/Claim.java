package dev.jqueue.operations;

import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.state.ClaimedExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims ready jobs for a worker process (see {@link dev.jqueue.state.ClaimedExecution#claim}).
 *
 * <p>The claim reads the ready table in index order; the jobs it takes are then checked by
 * key against the other state tables. A job whose rows contradict each other (invalid, e.g.
 * after a manual edit) is not claimed: it keeps its rows for an operator. On PostgreSQL, where
 * the check is part of the claim statement, that means rolling back and claiming again
 * without it. Such jobs are remembered for a while, so later claims skip them from the start.
 */
public final class Claim {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    private static final Duration REMEMBER_INVALID = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 1_000;
    private static final int ATTEMPTS = 3;

    private final BackendContext backend;
    private final Map<UUID, Instant> knownInvalid = new ConcurrentHashMap<>();

    public Claim(BackendContext backend) {
        this.backend = backend;
    }

    /** Processes already known to be this backend's: a row never changes backend, so each is checked once. */
    private final Set<Long> ownProcesses = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A claim for another backend's process is refused by name (reference §1.14); checked once per process. */
    private void requireOwnProcess(Long processId) {
        if (processId == null || ownProcesses.contains(processId)) {
            return;
        }
        java.util.Optional<String[]> row = backend.processes.nameAndBackend(processId);
        if (row.isPresent() && !row.get()[1].equals(backend.alias)) {
            throw new dev.jqueue.EnqueueError("process '" + row.get()[0] + "' belongs to backend '" + row.get()[1] + "'");
        }
        if (row.isPresent()) {
            ownProcesses.add(processId);
        }
    }

    /** Thrown inside the claim transaction to roll it back when it took invalid jobs. */
    private static final class InvalidJobsClaimed extends RuntimeException {
        final Set<UUID> ids;

        InvalidJobsClaimed(Set<UUID> ids) {
            super(null, null, false, false);
            this.ids = ids;
        }
    }

    public List<Job> claim(Long processId, QueueSelector selector, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        requireOwnProcess(processId);
        Instant now = backend.now();
        Set<UUID> excluded = new HashSet<>(rememberedInvalid(now));
        for (int attempt = 1; ; attempt++) {
            try {
                // A transaction even for one statement: the claim gate is held until it ends, so
                // that a pause can wait for this claim (see ClaimGate).
                List<Job> jobs = backend.db.inTransaction(connection -> {
                    ClaimedExecution.Claimed claimed = backend.claimed.claim(connection, processId, selector, limit, now,
                            excluded);
                    if (claimed.contradicted().isEmpty()) {
                        return claimed.jobs();
                    }
                    if (backend.dialect.supportsSingleStatementLockAndFetch()) {
                        throw new InvalidJobsClaimed(claimed.contradicted()); // consumed with the rest: roll back
                    }
                    remember(claimed.contradicted(), now); // left untouched by the stepwise claim
                    warn(claimed.contradicted());
                    return claimed.jobs();
                });
                return jobs;
            } catch (InvalidJobsClaimed e) {
                remember(e.ids, now);
                excluded.addAll(e.ids);
                warn(e.ids);
                if (attempt == ATTEMPTS) {
                    return List.of();
                }
            }
        }
    }

    /**
     * The jobs a process row holds claimed. A worker asks after a claim that failed on its way
     * back (the connection dropped around the commit): the claim may have committed, and its
     * jobs would otherwise stay claimed by a live process that does not know it has them.
     */
    public List<Job> held(long processId) {
        return backend.db.read(connection -> backend.jobs.load(connection, backend.claimed.heldBy(connection, processId)));
    }

    private void warn(Set<UUID> ids) {
        log.atWarn().addKeyValue("event", "job.invalid_skipped").addKeyValue("backend", backend.alias)
                .addKeyValue("job_ids", ids)
                .log("job.invalid_skipped: ready jobs with contradicting state rows are left for an operator");
    }

    private Set<UUID> rememberedInvalid(Instant now) {
        if (knownInvalid.isEmpty()) {
            return Set.of();
        }
        knownInvalid.values().removeIf(until -> until.isBefore(now));
        return knownInvalid.keySet();
    }

    private void remember(Set<UUID> ids, Instant now) {
        if (knownInvalid.size() < MAX_REMEMBERED) {
            for (UUID id : ids) {
                knownInvalid.put(id, now.plus(REMEMBER_INVALID));
            }
        }
    }
}
