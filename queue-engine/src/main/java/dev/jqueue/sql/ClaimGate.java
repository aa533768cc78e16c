package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The gate every claim of a backend passes through, so that {@code pause()} can wait for the
 * claims already in flight at a cost independent of the queue's size.
 *
 * <p>A claim transaction {@link #enter enters} the gate in shared mode before it reads the
 * pauses; a pause, after committing its pause row, {@link #drain drains} the gate by taking it
 * exclusively once. Shared holders never wait for each other, so claims stay concurrent; the
 * drain waits only for claims that might have read the pauses before the new row was visible.
 */
public interface ClaimGate {

    /**
     * Takes the gate in shared mode until the current transaction ends. It is the claim
     * transaction's first statement, so on PostgreSQL it also pins the transaction's plans
     * ({@link Dialect#pinPlans}) in the same round trip; the other databases pin each claim
     * statement with index hints instead.
     */
    void enter(Connection connection, String backend) throws SQLException;

    /** Waits until no transaction holds the gate in shared mode (inside a transaction of its own). */
    void drain(Connection connection, String backend) throws SQLException;

    /** For databases that serialize writers: a claim in flight already excludes the pause's write. */
    ClaimGate NONE = new ClaimGate() {
        @Override
        public void enter(Connection connection, String backend) {
        }

        @Override
        public void drain(Connection connection, String backend) {
        }
    };
}
