package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL: a transaction-scoped advisory lock per backend. It lives in shared memory only,
 * so entering it writes nothing (a row lock in shared mode would dirty a page and the WAL on
 * every claim).
 */
final class AdvisoryClaimGate implements ClaimGate {

    /** Class id of jqueue's advisory locks ("jq"); the object id is the backend alias's hash. */
    private static final int LOCK_CLASS = 0x6A71;

    @Override
    public void enter(Connection connection, String backend) throws SQLException {
        // One round trip for both: the gate, and the plan settings of the claim that follows.
        lock(connection, "SELECT pg_advisory_xact_lock_shared(?, ?), " + PostgresDialect.PIN_PLANS, backend);
    }


    @Override
    public void drain(Connection connection, String backend) throws SQLException {
        lock(connection, "SELECT pg_advisory_xact_lock(?, ?)", backend);
    }

    private static void lock(Connection connection, String sql, String backend) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, backend.hashCode()); // String.hashCode is fixed by the language spec: every JVM agrees
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }
}
