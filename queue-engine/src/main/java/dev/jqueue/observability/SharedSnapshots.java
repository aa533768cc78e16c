package dev.jqueue.observability;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link BackendSnapshot} per backend, shared by every reader for {@code maxAge}: however
 * many console pages refresh, a backend's snapshot statements run at most once per interval.
 * A reader that finds it stale takes the next one while the others wait for it, then all get
 * that one.
 */
public final class SharedSnapshots {

    private final Backends backends;
    private final InvalidStateChecks invalidChecks;
    private final Duration maxAge;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /** The latest snapshot of one backend and when it was read (monotonic clock). */
    private static final class Slot {
        BackendSnapshot snapshot;
        long readAtNanos;
    }

    public SharedSnapshots(Backends backends, InvalidStateChecks invalidChecks, Duration maxAge) {
        this.backends = backends;
        this.invalidChecks = invalidChecks;
        this.maxAge = maxAge;
    }

    /** The backend's snapshot, at most {@code maxAge} old. */
    public BackendSnapshot get(String alias) {
        Slot slot = slots.computeIfAbsent(alias, a -> new Slot());
        synchronized (slot) {
            if (slot.snapshot == null || System.nanoTime() - slot.readAtNanos >= maxAge.toNanos()) {
                Backend backend = backends.get(alias);
                slot.snapshot = SnapshotReader.take(backend, backends.properties(alias), false, invalidChecks.latest(backend));
                slot.readAtNanos = System.nanoTime();
            }
            return slot.snapshot;
        }
    }

    /** The next {@link #get} reads afresh (after an action changed the counts). */
    public void expire(String alias) {
        Slot slot = slots.get(alias);
        if (slot != null) {
            synchronized (slot) {
                slot.snapshot = null;
            }
        }
    }

    public InvalidStateChecks invalidChecks() {
        return invalidChecks;
    }
}
