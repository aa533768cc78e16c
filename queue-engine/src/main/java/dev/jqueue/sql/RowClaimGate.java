package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * MySQL and MariaDB: one row per backend in {@code jqueue_claim_gates}, locked in share mode by
 * claims and exclusively by a pause ({@code GET_LOCK} has no shared mode). At READ COMMITTED a
 * locking read of a missing row locks nothing, so the row is created on first use.
 */
final class RowClaimGate implements ClaimGate {

    static final String TABLE = "jqueue_claim_gates";

    @Override
    public void enter(Connection connection, String backend) throws SQLException {
        lock(connection, backend, " LOCK IN SHARE MODE");
    }

    @Override
    public void drain(Connection connection, String backend) throws SQLException {
        lock(connection, backend, " FOR UPDATE");
    }

    private static void lock(Connection connection, String backend, String mode) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT backend_alias FROM " + TABLE + " WHERE backend_alias = ?" + mode)) {
                ps.setString(1, backend);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT IGNORE INTO " + TABLE + " (backend_alias) VALUES (?)")) {
                ps.setString(1, backend);
                ps.executeUpdate();
            }
        }
        throw new SQLException("claim gate row for backend '" + backend + "' could not be created in " + TABLE);
    }
}
