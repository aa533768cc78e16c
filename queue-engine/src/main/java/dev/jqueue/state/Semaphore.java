package dev.jqueue.state;

import static dev.jqueue.state.Tables.SEMAPHORES;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jqueue_semaphores}: one row per concurrency key, shared by every backend on the
 * database. {@code value} is the number of free slots, {@code limit} the last limit seen.
 *
 * <p>Every change locks the key's row first, so acquire, release and hand-off on one key are
 * serialized: a waiter that blocked is always seen by the release that follows it. A changed
 * limit is reconciled on the fly: free slots become {@code min(new, max(0, value + new - old))}.
 */
public final class Semaphore {

    /** A locked semaphore row. */
    public record Row(int value, int limit) {
        /** Free slots once reconciled to {@code newLimit}, plus {@code returned} slots given back. */
        public int available(int newLimit, int returned) {
            return Math.min(newLimit, Math.max(0, value + newLimit - limit + returned));
        }
    }

    private final Dialect dialect;
    private final String key;
    private final String limit;

    public Semaphore(QueueDatabase db) {
        this.dialect = db.dialect();
        this.key = dialect.quote("key");
        this.limit = dialect.quote("limit");
    }

    /** Locks and returns the key's row, or null when there is none. */
    public Row lock(Connection connection, String semaphoreKey) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT value, " + limit + " AS lim FROM " + SEMAPHORES
                + " WHERE " + key + " = ?" + dialect.lockForUpdate())) {
            ps.setString(1, semaphoreKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getInt("value"), rs.getInt("lim")) : null;
            }
        }
    }

    /**
     * Takes up to {@code count} slots of a key under {@code newLimit}; returns how many it got.
     * A failed acquire still records the reconciled value and limit, without refreshing expiry.
     */
    public int acquire(Connection connection, String semaphoreKey, int count, int newLimit, Duration duration, Instant now)
            throws SQLException {
        Row row = lock(connection, semaphoreKey);
        if (row == null) {
            int granted = Math.min(count, newLimit);
            if (insert(connection, semaphoreKey, newLimit - granted, newLimit, now.plus(duration), now)) {
                return granted;
            }
            row = lock(connection, semaphoreKey); // created meanwhile by another transaction
        }
        int available = row.available(newLimit, 0);
        int granted = Math.min(count, available);
        if (granted > 0) {
            write(connection, semaphoreKey, available - granted, newLimit, now.plus(duration), now);
        } else if (available != row.value() || newLimit != row.limit()) {
            write(connection, semaphoreKey, available, newLimit, null, now);
        }
        return granted;
    }

    /** Writes the reconciled value and limit; a null expiry leaves it unchanged. */
    public void write(Connection connection, String semaphoreKey, int value, int newLimit, Instant expiresAt, Instant now)
            throws SQLException {
        String sql = "UPDATE " + SEMAPHORES + " SET value = ?, " + limit + " = ?, active_count = ?, updated_at = ?"
                + (expiresAt == null ? "" : ", expires_at = ?") + " WHERE " + key + " = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, value);
            ps.setInt(2, newLimit);
            ps.setInt(3, newLimit - value);
            dialect.setInstant(ps, 4, now);
            int index = 5;
            if (expiresAt != null) {
                dialect.setInstant(ps, index++, expiresAt);
            }
            ps.setString(index, semaphoreKey);
            ps.executeUpdate();
        }
    }

    /** Creates the key's row unless another transaction just did; true if this one did. */
    public boolean insert(Connection connection, String semaphoreKey, int value, int newLimit, Instant expiresAt, Instant now)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.insertIgnore(SEMAPHORES + " (" + key + ", value, "
                + "active_count, " + limit + ", expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"))) {
            ps.setString(1, semaphoreKey);
            ps.setInt(2, value);
            ps.setInt(3, newLimit - value);
            ps.setInt(4, newLimit);
            dialect.setInstant(ps, 5, expiresAt);
            dialect.setInstant(ps, 6, now);
            dialect.setInstant(ps, 7, now);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Expired semaphores whose key has no ready or claimed job, locked, oldest first; the caller
     * deletes them. A key with ready or claimed work still holds a reserved slot.
     */
    public List<String> lockExpiredIdle(Connection connection, Instant now, int batch) throws SQLException {
        String sql = "SELECT s." + key + " AS k FROM " + SEMAPHORES + " s WHERE s.expires_at <= ? "
                + "AND NOT EXISTS (SELECT 1 FROM " + Tables.READY + " r JOIN " + Tables.JOBS + " j ON j.id = r.job_id "
                + "WHERE j.concurrency_key = s." + key + ") "
                + "AND NOT EXISTS (SELECT 1 FROM " + Tables.CLAIMED + " c JOIN " + Tables.JOBS + " j ON j.id = c.job_id "
                + "WHERE j.concurrency_key = s." + key + ") "
                + "ORDER BY s.expires_at, s." + key + " LIMIT ?" + dialect.lockSkipLocked();
        List<String> keys = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            dialect.setInstant(ps, 1, now);
            ps.setInt(2, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString("k"));
                }
            }
        }
        return keys;
    }

    public int delete(Connection connection, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + SEMAPHORES + " WHERE " + key + " IN "
                + Sql.in(keys.size()))) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setString(i + 1, keys.get(i));
            }
            return ps.executeUpdate();
        }
    }
}
