package dev.jqueue.state;

import static dev.jqueue.state.Tables.JOBS;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What every execution table shares: rows keyed by job, scoped to a backend through the job,
 * locked before a transition so that two transitions never consume the same row.
 */
abstract class ExecutionTable {

    protected final QueueDatabase db;
    protected final Dialect dialect;
    protected final String backend;
    protected final String table;

    ExecutionTable(QueueDatabase db, String backend, String table) {
        this.db = db;
        this.dialect = db.dialect();
        this.backend = backend;
        this.table = table;
    }

    /**
     * Locks this table's rows for the given jobs of this backend, skipping rows another
     * transaction holds, and returns the job ids it locked (in row order).
     */
    public List<UUID> lock(Connection connection, Collection<UUID> jobIds) throws SQLException {
        List<UUID> locked = new ArrayList<>();
        for (List<UUID> chunk : Sql.chunks(new ArrayList<>(jobIds))) {
            String sql = "SELECT t.job_id FROM " + table + " t WHERE t.job_id IN " + Sql.in(chunk.size())
                    + " AND EXISTS (SELECT 1 FROM " + JOBS + " j WHERE j.id = t.job_id AND j.backend_alias = ?)"
                    + " ORDER BY t.id" + dialect.lockSkipLocked();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int next = Sql.bindUuids(dialect, ps, 1, chunk);
                ps.setString(next, backend);
                locked.addAll(Sql.uuids(dialect, ps, "job_id"));
            }
        }
        return locked;
    }

    /** Locks up to {@code limit} rows of this backend in row order (the "all" variants of bulk actions). */
    public List<UUID> lockBatch(Connection connection, int limit) throws SQLException {
        String sql = "SELECT t.job_id FROM " + table + " t WHERE EXISTS (SELECT 1 FROM " + JOBS
                + " j WHERE j.id = t.job_id AND j.backend_alias = ?) ORDER BY t.id LIMIT ?" + dialect.lockSkipLocked();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, backend);
            ps.setInt(2, limit);
            return Sql.uuids(dialect, ps, "job_id");
        }
    }

    /** Deletes this table's rows of the given jobs; returns how many went. */
    public int delete(Connection connection, Collection<UUID> jobIds) throws SQLException {
        if (jobIds.isEmpty()) {
            return 0;
        }
        if (dialect.supportsArrayParameters()) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE job_id = ANY (?::uuid[])")) {
                ps.setArray(1, connection.createArrayOf("uuid", jobIds.toArray(new UUID[0])));
                return ps.executeUpdate();
            }
        }
        // One key delete per row in one batch: an IN list may be run as a scan that waits for
        // rows other transactions hold.
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table + " WHERE job_id = ?")) {
            for (UUID jobId : jobIds) {
                dialect.setUuid(ps, 1, jobId);
                ps.addBatch();
            }
            return Sql.affected(ps.executeBatch());
        }
    }
}
