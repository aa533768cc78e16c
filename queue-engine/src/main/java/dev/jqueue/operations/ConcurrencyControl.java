package dev.jqueue.operations;

import dev.jqueue.state.ConcurrencyPolicy;
import dev.jqueue.state.Job;
import dev.jqueue.state.Semaphore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Concurrency limits: admitting due jobs that carry a key (a slot, or blocked, or discarded on
 * conflict), and releasing the slot of a job that completes, fails or is discarded from
 * ready — handing it straight to the next waiter in the same transaction.
 *
 * <p>Keys are always locked in sorted order, so two transactions touching several keys never
 * deadlock on them.
 */
public final class ConcurrencyControl {

    /** Where admitted jobs go. */
    public record Admission(Set<UUID> admitted, List<Job> blocked, List<Job> discarded) {
    }

    private final BackendContext backend;
    private final Semaphore semaphores;

    public ConcurrencyControl(BackendContext backend) {
        this.backend = backend;
        this.semaphores = backend.semaphores;
    }

    /**
     * Tries to take a slot for each due job with a key. Jobs sharing a policy acquire together,
     * the first ones in submission order getting the slots.
     */
    public Admission admit(Connection connection, List<Job> keyed, Instant now) throws SQLException {
        Map<ConcurrencyPolicy, List<Job>> groups = new LinkedHashMap<>();
        for (Job job : keyed) {
            groups.computeIfAbsent(job.concurrency(), p -> new ArrayList<>()).add(job);
        }
        List<ConcurrencyPolicy> policies = new ArrayList<>(groups.keySet());
        policies.sort(Comparator.comparing(ConcurrencyPolicy::key));
        Set<UUID> admitted = new HashSet<>();
        List<Job> blocked = new ArrayList<>();
        List<Job> discarded = new ArrayList<>();
        for (ConcurrencyPolicy policy : policies) {
            List<Job> group = groups.get(policy);
            int granted = semaphores.acquire(connection, policy.key(), group.size(), policy.limit(), policy.duration(), now);
            for (int i = 0; i < group.size(); i++) {
                Job job = group.get(i);
                if (i < granted) {
                    admitted.add(job.id());
                } else if (policy.discardOnConflict()) {
                    discarded.add(job);
                } else {
                    blocked.add(job);
                }
            }
        }
        return new Admission(admitted, blocked, discarded);
    }

    /**
     * Releases the slots of finishing jobs. For each, the next waiter of its key (priority, then
     * FIFO) takes the slot directly, if the key's current limit leaves one; otherwise the slot
     * is returned. Returns the jobs that were unblocked: the caller makes them ready.
     */
    public List<Job> release(Connection connection, List<ConcurrencyPolicy> finishing, Instant now) throws SQLException {
        List<ConcurrencyPolicy> ordered = new ArrayList<>(finishing);
        ordered.sort(Comparator.comparing(ConcurrencyPolicy::key));
        List<Job> unblocked = new ArrayList<>();
        for (ConcurrencyPolicy policy : ordered) {
            Semaphore.Row row = semaphores.lock(connection, policy.key());
            int free = row == null ? policy.limit() : row.available(policy.limit(), 1);
            Job waiter = backend.blocked.lockNext(connection, policy.key());
            boolean handOff = waiter != null && free >= 1;
            if (handOff) {
                backend.blocked.delete(connection, List.of(waiter.id()));
                unblocked.add(waiter);
                free--;
            }
            Instant expires = now.plus(policy.duration());
            if (row != null) {
                semaphores.write(connection, policy.key(), free, policy.limit(), expires, now);
            } else if (handOff) {
                semaphores.insert(connection, policy.key(), free, policy.limit(), expires, now);
            }
        }
        return unblocked;
    }

    /** Dispatcher maintenance: removes expired semaphores whose key has no ready or claimed work. */
    public int cleanupExpiredSemaphores(int batch) {
        Instant now = backend.now();
        return backend.db.inTransaction(connection ->
                semaphores.delete(connection, semaphores.lockExpiredIdle(connection, now, batch)));
    }
}
