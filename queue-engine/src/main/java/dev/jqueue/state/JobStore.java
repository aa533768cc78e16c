package dev.jqueue.state;

import static dev.jqueue.state.Tables.JOBS;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes and reads {@code jqueue_jobs} rows for one backend. */
public final class JobStore {

    private static final String INSERT_COLUMNS = "id, task_path, queue_name, priority, payload, backend_alias, "
            + "scheduled_at, attempts, created_at, updated_at, concurrency_key, concurrency_limit, concurrency_duration, "
            + "concurrency_on_conflict";

    private final QueueDatabase db;
    private final Dialect dialect;
    private final String backend;

    public JobStore(QueueDatabase db, String backend) {
        this.db = db;
        this.dialect = db.dialect();
        this.backend = backend;
    }

    /** Inserts jobs with one statement (PostgreSQL arrays) or one JDBC batch. */
    public void insert(Connection connection, List<Job> jobs, Instant now) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        if (dialect.supportsArrayParameters() && jobs.size() > 1) {
            insertWithArrays(connection, jobs, now);
            return;
        }
        String sql = "INSERT INTO " + JOBS + " (" + INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, " + dialect.jsonParam()
                + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Job job : jobs) {
                bindJob(ps, job, now);
                if (jobs.size() > 1) {
                    ps.addBatch();
                }
            }
            if (jobs.size() > 1) {
                ps.executeBatch();
            } else {
                ps.executeUpdate();
            }
        }
    }

    void bindJob(PreparedStatement ps, Job job, Instant now) throws SQLException {
        dialect.setUuid(ps, 1, job.id());
        ps.setString(2, job.taskPath());
        ps.setString(3, job.queueName());
        ps.setInt(4, job.priority());
        ps.setString(5, job.payload());
        ps.setString(6, backend);
        dialect.setInstant(ps, 7, job.scheduledAt());
        ps.setInt(8, job.attempts());
        dialect.setInstant(ps, 9, now);
        dialect.setInstant(ps, 10, now);
        ConcurrencyPolicy policy = job.concurrency();
        ps.setString(11, policy == null ? null : policy.key());
        ps.setObject(12, policy == null ? null : policy.limit(), java.sql.Types.INTEGER);
        ps.setObject(13, policy == null ? null : policy.durationSeconds(), java.sql.Types.INTEGER);
        ps.setString(14, policy == null ? null : policy.onConflict());
    }

    private void insertWithArrays(Connection connection, List<Job> jobs, Instant now) throws SQLException {
        int n = jobs.size();
        UUID[] ids = new UUID[n];
        String[] paths = new String[n];
        String[] queues = new String[n];
        Integer[] priorities = new Integer[n];
        String[] payloads = new String[n];
        String[] scheduled = new String[n];
        Integer[] attempts = new Integer[n];
        String[] keys = new String[n];
        Integer[] limits = new Integer[n];
        Integer[] durations = new Integer[n];
        String[] conflicts = new String[n];
        for (int i = 0; i < n; i++) {
            Job job = jobs.get(i);
            ids[i] = job.id();
            paths[i] = job.taskPath();
            queues[i] = job.queueName();
            priorities[i] = job.priority();
            payloads[i] = job.payload();
            scheduled[i] = job.scheduledAt() == null ? null : job.scheduledAt().toString();
            attempts[i] = job.attempts();
            ConcurrencyPolicy policy = job.concurrency();
            if (policy != null) {
                keys[i] = policy.key();
                limits[i] = policy.limit();
                durations[i] = policy.durationSeconds();
                conflicts[i] = policy.onConflict();
            }
        }
        String sql = "INSERT INTO " + JOBS + " (" + INSERT_COLUMNS + ") "
                + "SELECT u.id, u.task_path, u.queue_name, u.priority, CAST(u.payload AS jsonb), ?, "
                + "CAST(u.scheduled_at AS timestamptz), u.attempts, ?, ?, u.ckey, u.climit, u.cduration, u.cconflict "
                + "FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int2[], ?::text[], ?::text[], ?::int4[], "
                + "?::text[], ?::int4[], ?::int4[], ?::text[]) "
                + "AS u(id, task_path, queue_name, priority, payload, scheduled_at, attempts, ckey, climit, cduration, cconflict)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, backend);
            dialect.setInstant(ps, 2, now);
            dialect.setInstant(ps, 3, now);
            ps.setArray(4, connection.createArrayOf("uuid", ids));
            ps.setArray(5, connection.createArrayOf("text", paths));
            ps.setArray(6, connection.createArrayOf("text", queues));
            ps.setArray(7, connection.createArrayOf("int2", priorities));
            ps.setArray(8, connection.createArrayOf("text", payloads));
            ps.setArray(9, connection.createArrayOf("text", scheduled));
            ps.setArray(10, connection.createArrayOf("int4", attempts));
            ps.setArray(11, connection.createArrayOf("text", keys));
            ps.setArray(12, connection.createArrayOf("int4", limits));
            ps.setArray(13, connection.createArrayOf("int4", durations));
            ps.setArray(14, connection.createArrayOf("text", conflicts));
            ps.executeUpdate();
        }
    }

    /** The backend a job belongs to, whichever it is; empty when no backend has it. */
    public java.util.Optional<String> ownerOf(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT backend_alias FROM " + JOBS + " WHERE id = ?")) {
            dialect.setUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    /** Loads jobs of this backend by id, keeping the order of {@code ids}. */
    public List<Job> load(Connection connection, List<UUID> ids) throws SQLException {
        Map<UUID, Job> found = new LinkedHashMap<>();
        for (List<UUID> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = connection.prepareStatement(loadSelect(chunk.size(), dialect))) {
                ps.setString(Sql.bindUuids(dialect, ps, 1, chunk), backend);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Job job = read(rs);
                        found.put(job.id(), job);
                    }
                }
            }
        }
        List<Job> ordered = new ArrayList<>();
        for (UUID id : ids) {
            Job job = found.get(id);
            if (job != null) {
                ordered.add(job);
            }
        }
        return ordered;
    }

    /** Reads a job from a row selected with {@link Job#COLUMNS} plus {@code payload_text}. */
    public Job read(ResultSet rs) throws SQLException {
        return new Job(dialect.getUuid(rs, "id"), rs.getString("task_path"), rs.getString("queue_name"),
                rs.getInt("priority"), rs.getString("payload_text"), rs.getString("backend_alias"),
                dialect.getInstant(rs, "scheduled_at"), rs.getInt("attempts"), dialect.getInstant(rs, "created_at"),
                policy(rs));
    }

    /** The persisted concurrency policy of a row selected with {@link Job#COLUMNS}, or null. */
    static ConcurrencyPolicy policy(ResultSet rs) throws SQLException {
        String key = rs.getString("concurrency_key");
        int limit = rs.getInt("concurrency_limit");
        if (key == null || rs.wasNull()) {
            return null;
        }
        return new ConcurrencyPolicy(key, limit, rs.getInt("concurrency_duration"), rs.getString("concurrency_on_conflict"));
    }

    /** Marks jobs finished with no return value (discarded on a concurrency conflict). */
    public void finishWithoutResult(Connection connection, List<UUID> ids, Instant now) throws SQLException {
        for (List<UUID> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + JOBS + " SET finished_at = ?, "
                    + "return_value = NULL, updated_at = ? WHERE " + dialect.unindexed("backend_alias") + " = ? AND id IN "
                    + Sql.in(chunk.size()))) {
                dialect.setInstant(ps, 1, now);
                dialect.setInstant(ps, 2, now);
                ps.setString(3, backend);
                Sql.bindUuids(dialect, ps, 4, chunk);
                ps.executeUpdate();
            }
        }
    }

    /** Clears the finished marker and result, and optionally the run time, before a re-dispatch. */
    public void reopen(Connection connection, Collection<UUID> ids, boolean clearSchedule, Instant now) throws SQLException {
        for (List<UUID> chunk : Sql.chunks(new ArrayList<>(ids))) {
            String sql = "UPDATE " + JOBS + " SET finished_at = NULL, return_value = NULL, "
                    + (clearSchedule ? "scheduled_at = NULL, " : "") + "updated_at = ? WHERE " + dialect.unindexed("backend_alias")
                    + " = ? AND id IN "
                    + Sql.in(chunk.size());
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                dialect.setInstant(ps, 1, now);
                ps.setString(2, backend);
                Sql.bindUuids(dialect, ps, 3, chunk);
                ps.executeUpdate();
            }
        }
    }

    /** The select of {@link #load} for {@code count} ids (public for the plan tests). */
    public static String loadSelect(int count, Dialect dialect) {
        return "SELECT " + Job.COLUMNS + ", " + dialect.jsonText("j.payload") + " AS payload_text FROM "
                + JOBS + " j WHERE j.id IN " + Sql.in(count) + " AND " + dialect.unindexed("j.backend_alias") + " = ?";
    }

    /** Deletes jobs (their execution rows cascade); returns how many went. */
    public int delete(Connection connection, Collection<UUID> ids) throws SQLException {
        int deleted = 0;
        for (List<UUID> chunk : Sql.chunks(new ArrayList<>(ids))) {
            String sql = "DELETE FROM " + JOBS + " WHERE " + dialect.unindexed("backend_alias") + " = ? AND id IN "
                    + Sql.in(chunk.size());
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, backend);
                Sql.bindUuids(dialect, ps, 2, chunk);
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    /** Used by PostgreSQL statements that take uuid arrays. */
    public static Array uuidArray(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray(new UUID[0]));
    }
}
