package dev.jqueue.state;

import static dev.jqueue.state.Tables.BLOCKED;

import dev.jqueue.sql.QueueDatabase;

/** {@code jqueue_blocked_executions}: jobs waiting for a concurrency slot of their key. */
public final class BlockedExecution extends ExecutionTable {

    public BlockedExecution(QueueDatabase db, String backend) {
        super(db, backend, BLOCKED);
    }
}
