package dev.jqueue.state;

import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PAUSES;
import static dev.jqueue.state.Tables.READY;

import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code jqueue_claimed_executions}: jobs a worker process holds. Claiming consumes ready
 * rows; completing and failing consume claimed rows. A claim whose row is gone (failed by a
 * supervisor after its process died) is no longer this worker's to finish.
 */
public final class ClaimedExecution extends ExecutionTable {

    private final JobStore jobs;

    public ClaimedExecution(QueueDatabase db, String backend, JobStore jobs) {
        super(db, backend, CLAIMED);
        this.jobs = jobs;
    }

    /** A job that ran successfully and its JSON return value. */
    public record Completion(UUID jobId, String resultJson) {
    }

    /** A job that was finished, and the concurrency policy whose slot it held (or null). */
    public record Finished(UUID jobId, ConcurrencyPolicy policy) {
    }

    private static final String POLICY_COLUMNS =
            "j.concurrency_key, j.concurrency_limit, j.concurrency_duration, j.concurrency_on_conflict";

    private String readyFilter(QueueSelector.Entry entry) {
        String queue = switch (entry.kind()) {
            case ALL -> "";
            case EXACT -> " AND r.queue_name = ?";
            case PREFIX -> " AND r.queue_name LIKE ? ESCAPE '!'";
        };
        return "r.backend_alias = ?" + queue
                + " AND NOT EXISTS (SELECT 1 FROM " + PAUSES + " p WHERE p.backend_alias = r.backend_alias AND p.queue_name = r.queue_name)"
                + " AND " + StateGuard.noOtherState("r.job_id", READY)
                + " AND NOT EXISTS (SELECT 1 FROM " + JOBS + " fj WHERE fj.id = r.job_id AND fj.finished_at IS NOT NULL)";
    }

    private int bindFilter(PreparedStatement ps, int index, QueueSelector.Entry entry) throws SQLException {
        ps.setString(index++, backend);
        switch (entry.kind()) {
            case EXACT -> ps.setString(index++, entry.value());
            case PREFIX -> ps.setString(index++, QueueSelector.likePrefix(entry.value()));
            case ALL -> { }
        }
        return index;
    }

    /**
     * Claims up to {@code limit} ready jobs for a process, selector by selector: within one
     * selector higher priority first, then FIFO. Paused queues and jobs whose rows contradict
     * each other (invalid) are never claimed. Must run inside a transaction on non-PostgreSQL
     * databases; on PostgreSQL each selector is one statement.
     */
    public List<Job> claim(Connection connection, Long processId, QueueSelector selector, int limit, Instant now)
            throws SQLException {
        List<Job> claimed = new ArrayList<>();
        for (QueueSelector.Entry entry : selector.entries()) {
            int remaining = limit - claimed.size();
            if (remaining <= 0) {
                break;
            }
            claimed.addAll(dialect.supportsSingleStatementLockAndFetch()
                    ? claimInOneStatement(connection, processId, entry, remaining, now)
                    : claimInSteps(connection, processId, entry, remaining, now));
        }
        return claimed;
    }

    private List<Job> claimInOneStatement(Connection connection, Long processId, QueueSelector.Entry entry, int limit,
                                          Instant now) throws SQLException {
        String sql = "WITH selected AS (SELECT r.id FROM " + READY + " r WHERE " + readyFilter(entry)
                + " ORDER BY r.priority DESC, r.id LIMIT ? FOR UPDATE OF r SKIP LOCKED), "
                + "consumed AS (DELETE FROM " + READY + " r USING selected s WHERE r.id = s.id RETURNING r.id, r.job_id, r.priority), "
                + "claimed AS (INSERT INTO " + CLAIMED + " (job_id, process_id, created_at) SELECT job_id, ?, ? FROM consumed RETURNING job_id) "
                + "SELECT " + Job.COLUMNS + ", j.payload::text AS payload_text FROM consumed c JOIN " + JOBS
                + " j ON j.id = c.job_id ORDER BY c.priority DESC, c.id";
        List<Job> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int index = bindFilter(ps, 1, entry);
            ps.setInt(index++, limit);
            if (processId == null) {
                ps.setNull(index++, java.sql.Types.BIGINT);
            } else {
                ps.setLong(index++, processId);
            }
            dialect.setInstant(ps, index, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(jobs.read(rs));
                }
            }
        }
        return result;
    }

    private List<Job> claimInSteps(Connection connection, Long processId, QueueSelector.Entry entry, int limit,
                                   Instant now) throws SQLException {
        List<Long> rowIds = new ArrayList<>();
        List<UUID> jobIds = new ArrayList<>();
        List<String> queues = new ArrayList<>();
        String select = "SELECT r.id, r.job_id, r.queue_name FROM " + READY + " r WHERE " + readyFilter(entry)
                + " ORDER BY r.priority DESC, r.id LIMIT ?" + dialect.lockSkipLocked();
        try (PreparedStatement ps = connection.prepareStatement(select)) {
            int index = bindFilter(ps, 1, entry);
            ps.setInt(index, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rowIds.add(rs.getLong("id"));
                    jobIds.add(dialect.getUuid(rs, "job_id"));
                    queues.add(rs.getString("queue_name"));
                }
            }
        }
        if (rowIds.isEmpty()) {
            return List.of();
        }
        // A pause committed while we selected wins: re-read pauses and drop those rows.
        Set<String> paused = pausedAmong(connection, new LinkedHashSet<>(queues));
        if (!paused.isEmpty()) {
            for (int i = rowIds.size() - 1; i >= 0; i--) {
                if (paused.contains(queues.get(i))) {
                    rowIds.remove(i);
                    jobIds.remove(i);
                }
            }
            if (rowIds.isEmpty()) {
                return List.of();
            }
        }
        for (List<Long> chunk : Sql.chunks(rowIds)) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM " + READY + " WHERE id IN " + Sql.in(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                if (ps.executeUpdate() != chunk.size()) {
                    throw new SQLException("could not claim selected jobs", "40001");
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO " + CLAIMED + " (job_id, process_id, created_at) VALUES (?, ?, ?)")) {
            for (UUID jobId : jobIds) {
                dialect.setUuid(ps, 1, jobId);
                if (processId == null) {
                    ps.setNull(2, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(2, processId);
                }
                dialect.setInstant(ps, 3, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return jobs.load(connection, jobIds);
    }

    private Set<String> pausedAmong(Connection connection, Set<String> queues) throws SQLException {
        Set<String> paused = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT queue_name FROM " + PAUSES
                + " WHERE backend_alias = ? AND queue_name IN " + Sql.in(queues.size()))) {
            ps.setString(1, backend);
            int index = 2;
            for (String queue : queues) {
                ps.setString(index++, queue);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    paused.add(rs.getString(1));
                }
            }
        }
        return paused;
    }

    /**
     * Finishes successful jobs: consumes their claims and marks them finished with their
     * return values (or deletes them when finished jobs are not preserved). Jobs whose claim
     * is gone are skipped. Returns the ids that were finished.
     */
    public List<Finished> complete(Connection connection, List<Completion> done, Instant now, boolean preserve)
            throws SQLException {
        if (done.isEmpty()) {
            return List.of();
        }
        if (dialect.supportsArrayParameters()) {
            return completeWithArrays(connection, done, now, preserve);
        }
        List<UUID> ids = new ArrayList<>();
        for (Completion completion : done) {
            ids.add(completion.jobId());
        }
        java.util.Map<UUID, Finished> owned = new java.util.LinkedHashMap<>();
        for (List<UUID> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT c.job_id, " + POLICY_COLUMNS + " FROM "
                    + CLAIMED + " c JOIN " + JOBS + " j ON j.id = c.job_id WHERE c.job_id IN " + Sql.in(chunk.size())
                    + " AND " + stillOnlyClaimed("c.job_id") + dialect.lockForUpdate())) {
                Sql.bindUuids(dialect, ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = dialect.getUuid(rs, "job_id");
                        owned.put(id, new Finished(id, JobStore.policy(rs)));
                    }
                }
            }
        }
        if (owned.isEmpty()) {
            return List.of();
        }
        delete(connection, owned.keySet());
        if (!preserve) {
            jobs.delete(connection, owned.keySet());
            return List.copyOf(owned.values());
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + JOBS + " SET finished_at = ?, return_value = "
                + dialect.jsonParam() + ", attempts = attempts + 1, updated_at = ? WHERE id = ?")) {
            for (Completion completion : done) {
                if (!owned.containsKey(completion.jobId())) {
                    continue;
                }
                dialect.setInstant(ps, 1, now);
                ps.setString(2, completion.resultJson());
                dialect.setInstant(ps, 3, now);
                dialect.setUuid(ps, 4, completion.jobId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return List.copyOf(owned.values());
    }

    private List<Finished> completeWithArrays(Connection connection, List<Completion> done, Instant now, boolean preserve)
            throws SQLException {
        UUID[] ids = new UUID[done.size()];
        String[] results = new String[done.size()];
        for (int i = 0; i < done.size(); i++) {
            ids[i] = done.get(i).jobId();
            results[i] = done.get(i).resultJson();
        }
        String consumed = "WITH done AS (SELECT * FROM unnest(?::uuid[], ?::text[]) AS d(job_id, result)), "
                + "consumed AS (DELETE FROM " + CLAIMED + " c USING done d WHERE c.job_id = d.job_id AND "
                + stillOnlyClaimed("c.job_id") + " RETURNING c.job_id) ";
        String sql = preserve
                ? consumed + "UPDATE " + JOBS + " j SET finished_at = ?, return_value = CAST(d.result AS jsonb), "
                + "attempts = j.attempts + 1, updated_at = ? FROM done d, consumed c "
                + "WHERE j.id = d.job_id AND c.job_id = d.job_id RETURNING j.id, " + POLICY_COLUMNS
                : consumed + "DELETE FROM " + JOBS + " j USING consumed c WHERE j.id = c.job_id RETURNING j.id, "
                + POLICY_COLUMNS;
        List<Finished> finished = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("uuid", ids));
            ps.setArray(2, connection.createArrayOf("text", results));
            if (preserve) {
                dialect.setInstant(ps, 3, now);
                dialect.setInstant(ps, 4, now);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    finished.add(new Finished(dialect.getUuid(rs, "id"), JobStore.policy(rs)));
                }
            }
        }
        return finished;
    }

    /**
     * A claimed job whose rows still agree: no other execution row, not finished. A job that
     * turned invalid keeps its rows untouched for an operator to inspect.
     */
    static String stillOnlyClaimed(String jobId) {
        return StateGuard.noOtherState(jobId, CLAIMED) + " AND NOT EXISTS (SELECT 1 FROM " + JOBS
                + " fj WHERE fj.id = " + jobId + " AND fj.finished_at IS NOT NULL)";
    }

    /** Locks claims of this backend that have no process (its row was deleted). */
    public List<UUID> lockOrphans(Connection connection, int limit) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT c.job_id FROM " + CLAIMED + " c WHERE c.process_id IS NULL "
                + "AND EXISTS (SELECT 1 FROM " + JOBS + " j WHERE j.id = c.job_id AND j.backend_alias = ?) ORDER BY c.id LIMIT ?"
                + dialect.lockSkipLocked())) {
            ps.setString(1, backend);
            ps.setInt(2, limit);
            return Sql.uuids(dialect, ps, "job_id");
        }
    }

    /** Locks the claims a process holds. */
    public List<UUID> lockOfProcess(Connection connection, long processId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT job_id FROM " + CLAIMED + " WHERE process_id = ? "
                + "ORDER BY id" + dialect.lockForUpdate())) {
            ps.setLong(1, processId);
            return Sql.uuids(dialect, ps, "job_id");
        }
    }

    /** Consumes one job's claim; false if the claim is gone. */
    public boolean consume(Connection connection, UUID jobId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + CLAIMED + " WHERE job_id = ?")) {
            dialect.setUuid(ps, 1, jobId);
            return ps.executeUpdate() == 1;
        }
    }
}
