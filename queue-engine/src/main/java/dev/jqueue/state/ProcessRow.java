package dev.jqueue.state;

import static dev.jqueue.state.Tables.PROCESSES;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** {@code jqueue_processes}: one row per live supervisor, worker, dispatcher or scheduler. */
public final class ProcessRow {

    private final QueueDatabase db;
    private final Dialect dialect;
    private final String backend;

    public ProcessRow(QueueDatabase db, String backend) {
        this.db = db;
        this.dialect = db.dialect();
        this.backend = backend;
    }

    /** Registers a process and returns its row id. */
    public long register(String kind, String name, long pid, String hostname, String metadataJson, Long supervisorId,
                         Instant now) {
        return db.inTransaction(connection -> {
            String sql = "INSERT INTO " + PROCESSES + " (backend_alias, kind, pid, hostname, name, metadata, supervisor_id, "
                    + "last_heartbeat_at, created_at) VALUES (?, ?, ?, ?, ?, " + dialect.jsonParam() + ", ?, ?, ?)";
            boolean returning = dialect.supportsInsertReturning();
            try (PreparedStatement ps = returning
                    ? connection.prepareStatement(sql + " RETURNING id")
                    : connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, backend);
                ps.setString(2, kind);
                ps.setLong(3, pid);
                ps.setString(4, hostname);
                ps.setString(5, name);
                ps.setString(6, metadataJson);
                if (supervisorId == null) {
                    ps.setNull(7, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(7, supervisorId);
                }
                dialect.setInstant(ps, 8, now);
                dialect.setInstant(ps, 9, now);
                if (returning) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Refreshes the heartbeat of these rows; returns how many still exist. */
    public int heartbeat(Collection<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return db.inStatement(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + PROCESSES
                    + " SET last_heartbeat_at = ? WHERE id IN " + Sql.in(ids.size()))) {
                dialect.setInstant(ps, 1, now);
                int index = 2;
                for (Long id : ids) {
                    ps.setLong(index++, id);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** Makes these rows children of {@code supervisorId} (a supervisor that registered again); returns how many. */
    public int adopt(long supervisorId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return db.inStatement(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + PROCESSES
                    + " SET supervisor_id = ? WHERE id IN " + Sql.in(ids.size()))) {
                ps.setLong(1, supervisorId);
                int index = 2;
                for (Long id : ids) {
                    ps.setLong(index++, id);
                }
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Makes the parentless rows of these processes (fork children, by host and pid) children of
     * {@code supervisorId}; returns how many.
     */
    public int adoptByPid(long supervisorId, String hostname, Collection<Long> pids) {
        if (pids.isEmpty()) {
            return 0;
        }
        return db.inStatement(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + PROCESSES + " SET supervisor_id = ? "
                    + "WHERE backend_alias = ? AND hostname = ? AND supervisor_id IS NULL AND pid IN " + Sql.in(pids.size()))) {
                ps.setLong(1, supervisorId);
                ps.setString(2, backend);
                ps.setString(3, hostname);
                int index = 4;
                for (Long pid : pids) {
                    ps.setLong(index++, pid);
                }
                return ps.executeUpdate();
            }
        });
    }

    public void updateMetadata(long id, String metadataJson) {
        db.inStatement(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + PROCESSES + " SET metadata = "
                    + dialect.jsonParam() + " WHERE id = ?")) {
                ps.setString(1, metadataJson);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Removes a process row; children keep their rows but lose the parent link. */
    public void deregister(long id) {
        db.inTransaction(connection -> deregister(connection, List.of(id)));
    }

    public int deregister(Connection connection, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        String in = Sql.in(ids.size());
        try (PreparedStatement unlink = connection.prepareStatement(
                "UPDATE " + PROCESSES + " SET supervisor_id = NULL WHERE supervisor_id IN " + in);
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + PROCESSES + " WHERE id IN " + in)) {
            int index = 1;
            for (Long id : ids) {
                unlink.setLong(index, id);
                delete.setLong(index, id);
                index++;
            }
            unlink.executeUpdate();
            return delete.executeUpdate();
        }
    }

    /** The name and backend of a process row, whichever backend it belongs to; empty when there is no such row. */
    public java.util.Optional<String[]> nameAndBackend(long id) {
        return db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT name, backend_alias FROM " + PROCESSES
                    + " WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(new String[] {rs.getString(1), rs.getString(2)})
                            : java.util.Optional.<String[]>empty();
                }
            }
        });
    }

    public boolean exists(long id) {
        return db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + PROCESSES + " WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Processes of this backend whose heartbeat is older than the cutoff, oldest first. */
    public List<Long> staleIds(Connection connection, Instant cutoff, Long exclude, int limit) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM " + PROCESSES + " WHERE backend_alias = ? "
                + "AND last_heartbeat_at < ? AND id <> ? ORDER BY last_heartbeat_at, id LIMIT ?")) {
            ps.setString(1, backend);
            dialect.setInstant(ps, 2, cutoff);
            ps.setLong(3, exclude == null ? -1 : exclude);
            ps.setInt(4, limit);
            List<Long> ids = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    /**
     * Locks a process row only if its heartbeat is still older than the cutoff (a heartbeat that
     * committed first spares it; one that comes later waits for this transaction).
     */
    public boolean lockIfStale(Connection connection, long id, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM " + PROCESSES + " WHERE id = ? "
                + "AND last_heartbeat_at < ?" + dialect.lockSkipLocked())) {
            ps.setLong(1, id);
            dialect.setInstant(ps, 2, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Which of these process rows still exist. */
    public java.util.Set<Long> existing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        return db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM " + PROCESSES + " WHERE id IN "
                    + Sql.in(ids.size()))) {
                int index = 1;
                for (Long id : ids) {
                    ps.setLong(index++, id);
                }
                java.util.Set<Long> found = new java.util.HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
                return found;
            }
        });
    }

    /** The row a fork child registered under its supervisor, found by name and pid. */
    public java.util.Optional<Long> findChild(long supervisorId, String name, long pid) {
        return db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM " + PROCESSES
                    + " WHERE backend_alias = ? AND supervisor_id = ? AND name = ? AND pid = ?")) {
                ps.setString(1, backend);
                ps.setLong(2, supervisorId);
                ps.setString(3, name);
                ps.setLong(4, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(rs.getLong(1)) : java.util.Optional.<Long>empty();
                }
            }
        });
    }
}
