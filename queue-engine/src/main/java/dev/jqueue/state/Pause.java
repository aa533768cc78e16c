package dev.jqueue.state;

import static dev.jqueue.state.Tables.PAUSES;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** {@code jqueue_pauses}: one row per paused queue of a backend. */
public final class Pause {

    private final Dialect dialect;
    private final String backend;

    public Pause(QueueDatabase db, String backend) {
        this.dialect = db.dialect();
        this.backend = backend;
    }

    public void insert(Connection connection, String queue, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.insertIgnore(
                PAUSES + " (backend_alias, queue_name, created_at) VALUES (?, ?, ?)"))) {
            ps.setString(1, backend);
            ps.setString(2, queue);
            dialect.setInstant(ps, 3, now);
            ps.executeUpdate();
        }
    }

    /** Locks the pause row and returns when it was paused, if it is. */
    public Optional<Instant> lock(Connection connection, String queue) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT created_at FROM " + PAUSES
                + " WHERE backend_alias = ? AND queue_name = ?" + dialect.lockForUpdate())) {
            ps.setString(1, backend);
            ps.setString(2, queue);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(dialect.getInstant(rs, "created_at")) : Optional.empty();
            }
        }
    }

    public boolean exists(Connection connection, String queue) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM " + PAUSES + " WHERE backend_alias = ? AND queue_name = ?")) {
            ps.setString(1, backend);
            ps.setString(2, queue);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void delete(Connection connection, String queue) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM " + PAUSES + " WHERE backend_alias = ? AND queue_name = ?")) {
            ps.setString(1, backend);
            ps.setString(2, queue);
            ps.executeUpdate();
        }
    }
}
