package dev.jqueue.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides, inside an enqueue's transaction, whether a unique job is written or answered by the
 * job that holds its key: it takes a free key, or locks a taken one and either finds its holder
 * still holding it (the new job is not written) or hands it to the new job. Keys taken earlier in
 * the same transaction (an {@code enqueueAll} with two calls of one key) are held by the earlier job.
 */
public final class Deduplication {

    private final UniqueKeyStore keys;
    private final Map<String, UUID> takenHere = new HashMap<>();

    public Deduplication(UniqueKeyStore keys) {
        this.keys = keys;
    }

    /** Empty when {@code jobId} may be written (it now holds the key); else the job that holds it. */
    public Optional<UUID> admit(Connection connection, UniquePolicy policy, UUID jobId, Instant now) throws SQLException {
        UUID earlier = takenHere.get(policy.key());
        if (earlier != null) {
            return Optional.of(earlier);
        }
        UniqueKeyStore.Holder row = keys.takeOrLock(connection, policy.key(), jobId, now);
        if (!row.jobId().equals(jobId)) {
            if (stillHolds(connection, policy, row, now)) {
                return Optional.of(row.jobId());
            }
            keys.hand(connection, policy.key(), jobId, now);
        }
        takenHere.put(policy.key(), jobId);
        return Optional.empty();
    }

    private boolean stillHolds(Connection connection, UniquePolicy policy, UniqueKeyStore.Holder holder, Instant now)
            throws SQLException {
        if (policy.period() != null && !holder.since().plus(policy.period()).isAfter(now)) {
            return false;
        }
        return keys.holds(connection, holder.jobId(), policy.scope());
    }
}
