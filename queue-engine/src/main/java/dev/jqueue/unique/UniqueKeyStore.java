package dev.jqueue.unique;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.SCHEDULED;
import static dev.jqueue.state.Tables.UNIQUE_KEYS;

import dev.jqueue.UniqueScope;
import dev.jqueue.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The unique-key rows ({@code jqueue_unique_keys}): one per backend and key, naming the job that
 * took it and when. The primary key makes taking a key race-free: a second enqueuer's insert
 * waits for the first's transaction and then finds and locks the row. A row is never released by the
 * claim or completion paths; whether its job still holds it is decided when the next enqueue of
 * the key finds it, from the job's state, so jobs without {@code @Unique} pay nothing.
 */
public final class UniqueKeyStore {

    /** The job that took a key, and when. */
    public record Holder(UUID jobId, Instant since) {
    }

    private final Dialect dialect;
    private final String backend;

    public UniqueKeyStore(Dialect dialect, String backend) {
        this.dialect = dialect;
        this.backend = backend;
    }

    /**
     * Takes the key for {@code jobId} if no row has it, else locks the existing row; either way
     * returns the row as it now stands, locked until the transaction ends. Its job is
     * {@code jobId} when this call took the key.
     */
    Holder takeOrLock(Connection connection, String key, UUID jobId, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.insertOrLock(UNIQUE_KEYS,
                "backend_alias, unique_key, job_id, created_at", "backend_alias, unique_key", "created_at"))) {
            ps.setString(1, backend);
            ps.setString(2, key);
            dialect.setUuid(ps, 3, jobId);
            dialect.setInstant(ps, 4, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT job_id, created_at FROM " + UNIQUE_KEYS
                + " WHERE backend_alias = ? AND unique_key = ?")) {
            ps.setString(1, backend);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Holder(dialect.getUuid(rs, "job_id"), dialect.getInstant(rs, "created_at"));
            }
        }
    }

    /** Hands a locked key to a new job. */
    void hand(Connection connection, String key, UUID jobId, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + UNIQUE_KEYS
                + " SET job_id = ?, created_at = ? WHERE backend_alias = ? AND unique_key = ?")) {
            dialect.setUuid(ps, 1, jobId);
            dialect.setInstant(ps, 2, now);
            ps.setString(3, backend);
            ps.setString(4, key);
            ps.executeUpdate();
        }
    }

    /** Whether the job is in a state that keeps its key under {@code scope}. */
    boolean holds(Connection connection, UUID jobId, UniqueScope scope) throws SQLException {
        List<String> states = new ArrayList<>(List.of(exists(READY), exists(BLOCKED)));
        if (scope != UniqueScope.QUEUED) {
            states.add(exists(SCHEDULED));
        }
        if (scope == UniqueScope.UNTIL_FINISHED) {
            states.add(exists(CLAIMED));
            states.add("EXISTS (SELECT 1 FROM " + FAILED + " x WHERE x.job_id = ? AND x.retry_at IS NOT NULL)");
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT CASE WHEN " + String.join(" OR ", states)
                + " THEN 1 ELSE 0 END")) {
            for (int i = 1; i <= states.size(); i++) { // one job id per clause
                dialect.setUuid(ps, i, jobId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** The key a job holds now, if any (the job page shows it). */
    public Optional<String> keyOf(Connection connection, UUID jobId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT unique_key FROM " + UNIQUE_KEYS
                + " WHERE backend_alias = ? AND job_id = ?")) {
            ps.setString(1, backend);
            dialect.setUuid(ps, 2, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static String exists(String table) {
        return "EXISTS (SELECT 1 FROM " + table + " x WHERE x.job_id = ?)";
    }
}
