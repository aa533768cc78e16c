package dev.jqueue.operations;

import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import java.time.Instant;
import java.util.List;

/** Claims ready jobs for a worker process (see {@link dev.jqueue.state.ClaimedExecution#claim}). */
public final class Claim {

    private final BackendContext backend;

    public Claim(BackendContext backend) {
        this.backend = backend;
    }

    public List<Job> claim(Long processId, QueueSelector selector, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Instant now = backend.now();
        // One selector on PostgreSQL is one atomic statement; anything else needs a transaction
        // so that a failure part-way leaves no claims that nobody will run.
        if (backend.dialect.supportsSingleStatementLockAndFetch() && selector.entries().size() == 1) {
            return backend.db.inStatement(connection -> backend.claimed.claim(connection, processId, selector, limit, now));
        }
        return backend.db.inTransaction(connection -> backend.claimed.claim(connection, processId, selector, limit, now));
    }
}
