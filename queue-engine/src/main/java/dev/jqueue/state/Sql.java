package dev.jqueue.state;

import dev.jqueue.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Small JDBC helpers shared by the state classes. */
public final class Sql {

    private Sql() {
    }

    /** SQLite and MySQL cap bound parameters per statement; chunk id lists below that. */
    public static final int CHUNK = 500;

    public static String in(int count) {
        return "(" + String.join(", ", java.util.Collections.nCopies(count, "?")) + ")";
    }

    public static int bindUuids(Dialect dialect, PreparedStatement ps, int start, Collection<UUID> ids) throws SQLException {
        int index = start;
        for (UUID id : ids) {
            dialect.setUuid(ps, index++, id);
        }
        return index;
    }

    /** Runs {@code SELECT <uuid column> ...} and collects the ids. */
    public static List<UUID> uuids(Dialect dialect, PreparedStatement ps, String column) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(dialect.getUuid(rs, column));
            }
        }
        return ids;
    }

    public static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /**
     * Deletes rows of {@code table} by primary key, one key delete per row sent as one batch:
     * an IN list of ids may be run as a scan, of the whole table where statistics show it small,
     * that waits for rows other transactions hold (a deadlock on InnoDB). Returns how many went.
     */
    public static int deleteByIds(Connection connection, String table, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(deleteById(table))) {
            for (Long id : ids) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            return affected(ps.executeBatch());
        }
    }

    /** The key delete of {@link #deleteByIds} (public for the plan tests). */
    public static String deleteById(String table) {
        return "DELETE FROM " + table + " WHERE id = ?";
    }

    /** Rows affected by a batch; a driver that cannot tell ({@code SUCCESS_NO_INFO}) counts one per statement. */
    public static int affected(int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
        }
        return total;
    }

    public static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += CHUNK) {
            chunks.add(values.subList(i, Math.min(values.size(), i + CHUNK)));
        }
        return chunks;
    }
}
