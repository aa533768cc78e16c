package dev.jqueue.recurring;

import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.RECURRING_EXECUTIONS;
import static dev.jqueue.state.Tables.RECURRING_TASKS;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import dev.jqueue.state.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of {@code jqueue_recurring_tasks} and {@code jqueue_recurring_executions} for one
 * backend. Differences between databases come from {@link Dialect} capabilities: row locks
 * ({@code FOR UPDATE [SKIP LOCKED]}, none on SQLite, whose transactions start with
 * {@code BEGIN IMMEDIATE}), insert-ignore, JSON parameters and the quoting of {@code key}.
 */
public final class RecurringTaskStore {

    /** A stored recurring task row. */
    public record TaskRow(long id, String key, String taskPath, String payload, String schedule, String queue,
                          int priority, String description, boolean isStatic, Instant nextRunAt, Instant createdAt,
                          Instant updatedAt, boolean pending, Instant lastRunAt) {
    }

    /** The definition of a task as configured or scheduled (everything but the cursor). */
    public record Definition(String key, String taskPath, String payload, String schedule, String queue, int priority,
                             String description) {
    }

    /** A {@code jqueue_recurring_executions} row. */
    public record ExecutionRow(long id, String taskKey, Instant runAt, UUID intendedJobId, UUID jobId) {
    }

    /** The fields of a stored job a reservation's job must match. */
    public record StoredJob(String taskPath, String queue, int priority, String payload, String backend) {
    }

    private final Dialect dialect;
    private final String backend;
    private final String key;
    private final String columns;

    public RecurringTaskStore(QueueDatabase db, String backend) {
        this.dialect = db.dialect();
        this.backend = backend;
        this.key = dialect.quote("key");
        this.columns = "t.id, t." + key + " AS task_key, t.task_path, " + dialect.jsonText("t.payload")
                + " AS payload_text, t.schedule, t.queue_name, t.priority, t.description, t.static, t.next_run_at, "
                + "t.created_at, t.updated_at";
    }

    // ------------------------------------------------------------------ tasks

    /**
     * The tasks the scheduler must look at: due ({@code next_run_at} null or reached), or with a
     * reservation that has no job yet. Ordered by {@code next_run_at, key}. Both branches are
     * index range scans ({@code (backend_alias, next_run_at, key)} and the unique {@code job_id}
     * index), so a poll where nothing is due reads no task rows and parses no cron expression.
     */
    public List<TaskRow> due(Connection connection, Instant now, boolean includeDynamic, int limit) throws SQLException {
        // A derived table, not "id IN (... UNION ...)": MySQL/MariaDB would run that as a dependent
        // subquery once per task row of the backend. "IS NULL" and "<= ?" are separate branches
        // because SQLite cannot turn an OR of the two into one index range.
        String sql = "SELECT " + columns + ", CASE WHEN EXISTS (SELECT 1 FROM " + RECURRING_EXECUTIONS + " e "
                + "WHERE e.backend_alias = t.backend_alias AND e.task_key = t." + key + " AND e.job_id IS NULL) "
                + "THEN 1 ELSE 0 END AS pending FROM ("
                + "SELECT n.id FROM " + RECURRING_TASKS + " n WHERE n.backend_alias = ? AND n.next_run_at IS NULL "
                + "UNION SELECT d.id FROM " + RECURRING_TASKS + " d WHERE d.backend_alias = ? AND d.next_run_at <= ? "
                + "UNION SELECT p.id FROM " + RECURRING_EXECUTIONS + " e JOIN " + RECURRING_TASKS + " p "
                + "ON p.backend_alias = e.backend_alias AND p." + key + " = e.task_key "
                + "WHERE e.backend_alias = ? AND e.job_id IS NULL) candidates JOIN " + RECURRING_TASKS + " t ON t.id = candidates.id"
                + (includeDynamic ? "" : " WHERE t.static = ?")
                + " ORDER BY t.next_run_at, t." + key + " LIMIT ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, backend);
            ps.setString(i++, backend);
            dialect.setInstant(ps, i++, now);
            ps.setString(i++, backend);
            if (!includeDynamic) {
                ps.setBoolean(i++, true);
            }
            ps.setInt(i, limit);
            List<TaskRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, rs.getInt("pending") != 0, null));
                }
            }
            return rows;
        }
    }

    /** Every task of the backend with its newest reservation tick, ordered by key. */
    public List<TaskRow> all(Connection connection) throws SQLException {
        return select(connection, "", List.of());
    }

    public Optional<TaskRow> find(Connection connection, String taskKey) throws SQLException {
        List<TaskRow> rows = select(connection, " AND t." + key + " = ?", List.of(taskKey));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private List<TaskRow> select(Connection connection, String where, List<String> params) throws SQLException {
        String sql = "SELECT " + columns + ", (SELECT MAX(e.run_at) FROM " + RECURRING_EXECUTIONS + " e "
                + "WHERE e.backend_alias = t.backend_alias AND e.task_key = t." + key + ") AS last_run_at FROM "
                + RECURRING_TASKS + " t WHERE t.backend_alias = ?" + where + " ORDER BY t." + key;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, backend);
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 2, params.get(i));
            }
            List<TaskRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, false, dialect.getInstant(rs, "last_run_at")));
                }
            }
            return rows;
        }
    }

    /** Locks a task row for a firing; empty when it is gone or another scheduler holds it. */
    public Optional<TaskRow> lockForFiring(Connection connection, long id) throws SQLException {
        String sql = "SELECT " + columns + " FROM " + RECURRING_TASKS + " t WHERE t.id = ? AND t.backend_alias = ?"
                + dialect.lockSkipLocked();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setString(2, backend);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, false, null)) : Optional.empty();
            }
        }
    }

    /** Locks (waiting for other holders) the rows with these keys, or every static row when {@code keys} is null. */
    public List<TaskRow> lockForChange(Connection connection, Collection<String> keys, boolean staticRows)
            throws SQLException {
        List<TaskRow> rows = new ArrayList<>();
        if (keys != null && keys.isEmpty()) {
            return rows;
        }
        List<List<String>> chunks = keys == null ? List.of(List.of()) : Sql.chunks(new ArrayList<>(keys));
        for (List<String> chunk : chunks) {
            String sql = "SELECT " + columns + " FROM " + RECURRING_TASKS + " t WHERE t.backend_alias = ?"
                    + (keys == null ? " AND t.static = ?" : " AND t." + key + " IN " + Sql.in(chunk.size()))
                    + " ORDER BY t." + key + dialect.lockForUpdate();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, backend);
                if (keys == null) {
                    ps.setBoolean(2, staticRows);
                } else {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(read(rs, false, null));
                    }
                }
            }
        }
        return rows;
    }

    private TaskRow read(ResultSet rs, boolean pending, Instant lastRunAt) throws SQLException {
        return new TaskRow(rs.getLong("id"), rs.getString("task_key"), rs.getString("task_path"),
                rs.getString("payload_text"), rs.getString("schedule"), rs.getString("queue_name"),
                rs.getInt("priority"), rs.getString("description"), rs.getBoolean("static"),
                dialect.getInstant(rs, "next_run_at"), dialect.getInstant(rs, "created_at"),
                dialect.getInstant(rs, "updated_at"), pending, lastRunAt);
    }

    /** Inserts a task unless its key exists; returns whether it was inserted. */
    public boolean insert(Connection connection, Definition definition, boolean isStatic, Instant now)
            throws SQLException {
        String sql = dialect.insertIgnore(RECURRING_TASKS + " (backend_alias, " + key + ", task_path, payload, schedule, "
                + "queue_name, priority, description, static, next_run_at, created_at, updated_at) VALUES (?, ?, ?, "
                + dialect.jsonParam() + ", ?, ?, ?, ?, ?, NULL, ?, ?)");
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, backend);
            ps.setString(2, definition.key());
            ps.setString(3, definition.taskPath());
            ps.setString(4, definition.payload());
            ps.setString(5, definition.schedule());
            ps.setString(6, definition.queue());
            ps.setInt(7, definition.priority());
            ps.setString(8, definition.description());
            ps.setBoolean(9, isStatic);
            dialect.setInstant(ps, 10, now);
            dialect.setInstant(ps, 11, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** Rewrites a task's definition; a changed schedule clears its cursor so the new schedule starts afresh. */
    public void update(Connection connection, long id, Definition definition, boolean resetNextRun, Instant now)
            throws SQLException {
        String sql = "UPDATE " + RECURRING_TASKS + " SET task_path = ?, payload = " + dialect.jsonParam()
                + ", schedule = ?, queue_name = ?, priority = ?, description = ?, updated_at = ?"
                + (resetNextRun ? ", next_run_at = NULL" : "") + " WHERE id = ? AND backend_alias = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, definition.taskPath());
            ps.setString(2, definition.payload());
            ps.setString(3, definition.schedule());
            ps.setString(4, definition.queue());
            ps.setInt(5, definition.priority());
            ps.setString(6, definition.description());
            dialect.setInstant(ps, 7, now);
            ps.setLong(8, id);
            ps.setString(9, backend);
            ps.executeUpdate();
        }
    }

    /** Deletes a dynamic task; static rows are left alone. Returns the number deleted. */
    public int deleteDynamic(Connection connection, String taskKey) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + RECURRING_TASKS
                + " WHERE backend_alias = ? AND " + key + " = ? AND static = ?")) {
            ps.setString(1, backend);
            ps.setString(2, taskKey);
            ps.setBoolean(3, false);
            return ps.executeUpdate();
        }
    }

    public int deleteById(Connection connection, Collection<Long> ids) throws SQLException {
        int deleted = 0;
        for (List<Long> chunk : Sql.chunks(new ArrayList<>(ids))) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + RECURRING_TASKS
                    + " WHERE backend_alias = ? AND id IN " + Sql.in(chunk.size()))) {
                ps.setString(1, backend);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 2, chunk.get(i));
                }
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    /** Moves the cursor forward, never back: {@code WHERE next_run_at IS NULL OR next_run_at < ?}. */
    public boolean advance(Connection connection, long id, Instant next) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + RECURRING_TASKS + " SET next_run_at = ? "
                + "WHERE id = ? AND backend_alias = ? AND (next_run_at IS NULL OR next_run_at < ?)")) {
            dialect.setInstant(ps, 1, next);
            ps.setLong(2, id);
            ps.setString(3, backend);
            dialect.setInstant(ps, 4, next);
            return ps.executeUpdate() == 1;
        }
    }

    // ------------------------------------------------------------------ reservations

    /**
     * Reserves a tick: inserts the reservation unless {@code (backend_alias, task_key, run_at)}
     * exists. Returns whether this call created it (the cross-scheduler dedupe).
     */
    public boolean reserve(Connection connection, String taskKey, Instant runAt, UUID intendedJobId, Instant now)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.insertIgnore(RECURRING_EXECUTIONS
                + " (backend_alias, intended_job_id, job_id, task_key, run_at, created_at) VALUES (?, ?, NULL, ?, ?, ?)"))) {
            ps.setString(1, backend);
            dialect.setUuid(ps, 2, intendedJobId);
            ps.setString(3, taskKey);
            dialect.setInstant(ps, 4, runAt);
            dialect.setInstant(ps, 5, now);
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<ExecutionRow> findReservation(Connection connection, String taskKey, Instant runAt)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, task_key, run_at, intended_job_id, job_id FROM "
                + RECURRING_EXECUTIONS + " WHERE backend_alias = ? AND task_key = ? AND run_at = ?")) {
            ps.setString(1, backend);
            ps.setString(2, taskKey);
            dialect.setInstant(ps, 3, runAt);
            return first(ps);
        }
    }

    /** Locks a reservation for publication; empty when it is gone or another scheduler holds it. */
    public Optional<ExecutionRow> lockReservation(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, task_key, run_at, intended_job_id, job_id FROM "
                + RECURRING_EXECUTIONS + " WHERE id = ? AND backend_alias = ?" + dialect.lockSkipLocked())) {
            ps.setLong(1, id);
            ps.setString(2, backend);
            return first(ps);
        }
    }

    public Optional<ExecutionRow> findReservation(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, task_key, run_at, intended_job_id, job_id FROM "
                + RECURRING_EXECUTIONS + " WHERE id = ? AND backend_alias = ?")) {
            ps.setLong(1, id);
            ps.setString(2, backend);
            return first(ps);
        }
    }

    /** Reservations without a job for these tasks, oldest tick first. */
    public List<ExecutionRow> unpublished(Connection connection, Collection<String> taskKeys, int limit)
            throws SQLException {
        List<ExecutionRow> rows = new ArrayList<>();
        for (List<String> chunk : Sql.chunks(new ArrayList<>(taskKeys))) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, task_key, run_at, intended_job_id, job_id FROM "
                    + RECURRING_EXECUTIONS + " WHERE backend_alias = ? AND job_id IS NULL AND task_key IN "
                    + Sql.in(chunk.size()) + " ORDER BY run_at, id LIMIT ?")) {
                ps.setString(1, backend);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                ps.setInt(chunk.size() + 2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(readExecution(rs));
                    }
                }
            }
        }
        rows.sort(java.util.Comparator.comparing(ExecutionRow::runAt).thenComparingLong(ExecutionRow::id));
        return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
    }

    /**
     * Attaches the published job: {@code SET job_id = intended_job_id WHERE job_id IS NULL AND
     * intended_job_id = ?}. This is the only statement that sets {@code job_id}, and it copies
     * the reservation's own {@code intended_job_id}, so the two cannot differ; on PostgreSQL and
     * SQLite a CHECK says the same, on the MySQL family (which cannot have that CHECK next to the
     * cascading foreign key) this statement and deep health's mismatch count are the guarantee.
     */
    public int attach(Connection connection, long executionId, UUID jobId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + RECURRING_EXECUTIONS
                + " SET job_id = intended_job_id"
                + " WHERE id = ? AND backend_alias = ? AND job_id IS NULL AND intended_job_id = ?")) {
            ps.setLong(1, executionId);
            ps.setString(2, backend);
            dialect.setUuid(ps, 3, jobId);
            return ps.executeUpdate();
        }
    }

    /** Whether another reservation already points at this job. */
    public boolean attachedElsewhere(Connection connection, UUID jobId, long executionId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + RECURRING_EXECUTIONS
                + " WHERE job_id = ? AND id <> ?")) {
            dialect.setUuid(ps, 1, jobId);
            ps.setLong(2, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A job with this id in any backend (ids are global), for checking a re-published tick. */
    public Optional<StoredJob> findJob(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT task_path, queue_name, priority, "
                + dialect.jsonText("payload") + " AS payload_text, backend_alias FROM " + JOBS + " WHERE id = ?")) {
            dialect.setUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredJob(rs.getString("task_path"), rs.getString("queue_name"),
                        rs.getInt("priority"), rs.getString("payload_text"), rs.getString("backend_alias")));
            }
        }
    }

    private Optional<ExecutionRow> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(readExecution(rs)) : Optional.empty();
        }
    }

    private ExecutionRow readExecution(ResultSet rs) throws SQLException {
        return new ExecutionRow(rs.getLong("id"), rs.getString("task_key"), dialect.getInstant(rs, "run_at"),
                dialect.getUuid(rs, "intended_job_id"), dialect.getUuid(rs, "job_id"));
    }
}
