package dev.jqueue.state;

import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PAUSES;
import static dev.jqueue.state.Tables.READY;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
    private final StateGuard guard;

    public ClaimedExecution(QueueDatabase db, String backend, JobStore jobs) {
        super(db, backend, CLAIMED);
        this.jobs = jobs;
        this.guard = new StateGuard(dialect);
    }

    /** A job that ran successfully and its JSON return value. */
    public record Completion(UUID jobId, String resultJson) {
    }

    /** A job that was finished, and the concurrency policy whose slot it held (or null). */
    public record Finished(UUID jobId, ConcurrencyPolicy policy) {
    }

    private static final String POLICY_COLUMNS =
            "j.concurrency_key, j.concurrency_limit, j.concurrency_duration, j.concurrency_on_conflict";

    /*
     * Plan stability: the hot-path statements below touch each table only through an index
     * that matches their equality and order (ready: backend, [queue,] priority DESC, id; claimed
     * and jobs: by key with IN lists or "= ANY(array)"). They carry no per-row checks against
     * the other state tables: every transition consumes the previous state row in the same
     * transaction, which keeps one live state per job; contradictory rows (the invalid state) are
     * found by the reads, counts and deep health instead, off the hot path.
     */

    private static String queueCondition(QueueSelector.Entry entry) {
        return switch (entry.kind()) {
            case ALL -> "";
            case EXACT -> " AND r.queue_name = ?";
            case PREFIX -> " AND r.queue_name LIKE ? ESCAPE '!'";
        };
    }

    private int bindSelector(PreparedStatement ps, int index, QueueSelector.Entry entry) throws SQLException {
        ps.setString(index++, backend);
        switch (entry.kind()) {
            case EXACT -> ps.setString(index++, entry.value());
            case PREFIX -> ps.setString(index++, QueueSelector.likePrefix(entry.value()));
            case ALL -> { }
        }
        return index;
    }

    /**
     * What a claim took, and the jobs it found contradicted (another live state row, or
     * finished: the invalid state). On PostgreSQL contradicted jobs were consumed with the rest
     * and the caller must roll the transaction back; elsewhere they were left untouched.
     */
    public record Claimed(List<Job> jobs, Set<UUID> contradicted) {
    }

    /**
     * Claims up to {@code limit} ready jobs for a process, selector by selector: within one
     * selector higher priority first, then FIFO. Paused queues and the {@code excluded} jobs are
     * never claimed. Runs inside a transaction: it first enters the backend's
     * {@link dev.jqueue.sql.ClaimGate} so that a pause can wait for it, then reads the pauses.
     */
    public Claimed claim(Connection connection, Long processId, QueueSelector selector, int limit, Instant now,
                         Set<UUID> excluded) throws SQLException {
        dialect.claimGate().enter(connection, backend); // also pins the plans where the dialect needs it
        Set<String> paused = dialect.supportsSingleStatementLockAndFetch() ? Set.of() : pausedQueues(connection);
        List<Job> claimed = new ArrayList<>();
        Set<UUID> contradicted = new LinkedHashSet<>();
        for (QueueSelector.Entry entry : selector.entries()) {
            int remaining = limit - claimed.size();
            if (remaining <= 0) {
                break;
            }
            if (entry.kind() == QueueSelector.Kind.EXACT && paused.contains(entry.value())) {
                continue;
            }
            if (dialect.supportsSingleStatementLockAndFetch()) {
                claimInOneStatement(connection, processId, entry, remaining, now, excluded, claimed, contradicted);
            } else {
                claimInSteps(connection, processId, entry, remaining, now, paused, excluded, claimed, contradicted);
            }
        }
        return new Claimed(claimed, contradicted);
    }

    /**
     * PostgreSQL: select, consume, claim and load in one statement. The pauses are read once
     * (an InitPlan over the small pauses table), the ready rows by their ordered index, the
     * selected rows consumed by their physical address (a TID scan: no index to choose, so a
     * table analyzed while empty cannot send the delete through the wrong index), and their jobs
     * by primary key through an array. A row that changed between the statement's snapshot and
     * its lock is not consumed, and then not claimed either: claims come from what was consumed.
     */
    private void claimInOneStatement(Connection connection, Long processId, QueueSelector.Entry entry, int limit,
                                     Instant now, Set<UUID> excluded, List<Job> claimed, Set<UUID> contradicted)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(claimStatement(dialect, entry, !excluded.isEmpty()))) {
            int index = bindSelector(ps, 1, entry);
            if (entry.kind() == QueueSelector.Kind.EXACT) {
                index = bindSelector(ps, index, entry); // the upper bound of ONE_QUEUE_BOUNDS
            }
            if (!excluded.isEmpty()) {
                ps.setArray(index++, connection.createArrayOf("uuid", excluded.toArray(new UUID[0])));
            }
            ps.setString(index++, backend);
            ps.setInt(index++, limit);
            if (processId == null) {
                ps.setNull(index++, java.sql.Types.BIGINT);
            } else {
                ps.setLong(index++, processId);
            }
            dialect.setInstant(ps, index, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Job job = jobs.read(rs);
                    claimed.add(job);
                    if (rs.getBoolean("contradicted")) {
                        contradicted.add(job.id());
                    }
                }
            }
        }
    }

    /**
     * PostgreSQL, one queue: the backend and queue as the bounds of a row comparison, ordered by
     * the queue index's full key. With plain equalities PostgreSQL drops the constant columns
     * from the order, and then the backend's index (filtering out every other queue's rows) is
     * as good a match; a planner that believes the table is empty may pick it. Only the queue
     * index has this order, so nothing else is left once sorting is switched off (pinPlans).
     */
    private static final String ONE_QUEUE_BOUNDS =
            "(r.backend_alias, r.queue_name) >= (?, ?) AND (r.backend_alias, r.queue_name) <= (?, ?)";

    /** The PostgreSQL claim statement of one selector (public for the plan tests). */
    public static String claimStatement(Dialect dialect, QueueSelector.Entry entry, boolean excluding) {
        boolean oneQueue = entry.kind() == QueueSelector.Kind.EXACT;
        return "WITH selected AS (SELECT r.ctid FROM " + READY + " r WHERE "
                + (oneQueue ? ONE_QUEUE_BOUNDS : "r.backend_alias = ?" + queueCondition(entry))
                + (excluding ? " AND r.job_id <> ALL (?::uuid[])" : "")
                + " AND r.queue_name <> ALL (ARRAY(SELECT p.queue_name FROM " + PAUSES + " p WHERE p.backend_alias = ?))"
                + " ORDER BY " + (oneQueue ? "r.backend_alias, r.queue_name, r.priority DESC, r.id" : CLAIM_ORDER)
                + " LIMIT ? FOR UPDATE OF r" + dialect.skipLocked() + "), "
                + "consumed AS (DELETE FROM " + READY + " r WHERE r.ctid = ANY (ARRAY(SELECT s.ctid FROM selected s)) "
                + "RETURNING r.id, r.job_id, r.priority), "
                + "claimed AS (INSERT INTO " + CLAIMED + " (job_id, process_id, created_at) SELECT c.job_id, ?, ? FROM consumed c "
                + "ON CONFLICT (job_id) DO NOTHING) "
                + "SELECT " + Job.COLUMNS + ", j.payload::text AS payload_text, " + contradiction("j") + " AS contradicted FROM "
                + JOBS + " j "
                + "WHERE j.id = ANY (ARRAY(SELECT c.job_id FROM consumed c)) "
                + "ORDER BY array_position(ARRAY(SELECT c.job_id FROM consumed c ORDER BY c.priority DESC, c.id), j.id)";
    }

    /**
     * Per claimed job, by key: does another live state row exist, or is it finished? The main
     * query of the claim statement reads the tables as they were before the statement, so the
     * ready row being consumed and the claim being inserted are not seen; a claim row seen is
     * one that already existed.
     */
    private static String contradiction(String job) {
        StringBuilder sql = new StringBuilder("(");
        for (String table : Tables.EXECUTIONS) {
            if (!table.equals(READY)) {
                sql.append("EXISTS (SELECT 1 FROM ").append(table).append(" x WHERE x.job_id = ").append(job).append(".id) OR ");
            }
        }
        return sql.append(job).append(".finished_at IS NOT NULL)").toString();
    }

    /** MySQL, MariaDB and SQLite: lock and read the rows, consume them by id, insert the claims, load the jobs. */
    private void claimInSteps(Connection connection, Long processId, QueueSelector.Entry entry, int limit,
                              Instant now, Set<String> paused, Set<UUID> excluded, List<Job> claimed,
                              Set<UUID> contradicted) throws SQLException {
        List<Long> rowIds = new ArrayList<>();
        List<UUID> jobIds = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                claimSelect(entry, paused.size(), excluded.size(), dialect))) {
            int index = bindSelector(ps, 1, entry);
            index = Sql.bindUuids(dialect, ps, index, excluded);
            for (String queue : paused) {
                ps.setString(index++, queue);
            }
            ps.setInt(index, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rowIds.add(rs.getLong("id"));
                    jobIds.add(dialect.getUuid(rs, "job_id"));
                }
            }
        }
        // Contradicted jobs (the invalid state) keep their rows untouched for an operator.
        Set<UUID> invalid = guard.jobsWithStateOtherThan(connection, jobIds, READY);
        for (int i = jobIds.size() - 1; i >= 0; i--) {
            if (invalid.contains(jobIds.get(i))) {
                rowIds.remove(i);
                jobIds.remove(i);
            }
        }
        contradicted.addAll(invalid);
        if (rowIds.isEmpty()) {
            return;
        }
        if (Sql.deleteByIds(connection, READY, rowIds) != rowIds.size()) {
            throw new SQLException("could not claim selected jobs", "40001");
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
        claimed.addAll(jobs.load(connection, jobIds));
    }

    /** The ordered, locking select of the stepwise claim (public for the plan tests). */
    public static String claimSelect(QueueSelector.Entry entry, int pausedQueues, int excludedJobs, Dialect dialect) {
        return "SELECT r.id, r.job_id FROM " + READY + " r" + dialect.forceIndex(orderedIndex(entry))
                + " WHERE r.backend_alias = ?" + queueCondition(entry)
                + (excludedJobs == 0 ? "" : " AND r.job_id NOT IN " + Sql.in(excludedJobs))
                + (pausedQueues == 0 ? "" : " AND r.queue_name NOT IN " + Sql.in(pausedQueues))
                + " ORDER BY " + CLAIM_ORDER + " LIMIT ?" + dialect.lockSkipLocked();
    }

    /** Priority, then FIFO; the forced index ({@link #orderedIndex}) yields this order without a sort. */
    private static final String CLAIM_ORDER = "r.priority DESC, r.id";

    /** The index whose order is the claim order of a selector: by queue for one queue, else by backend. */
    static String orderedIndex(QueueSelector.Entry entry) {
        return entry.kind() == QueueSelector.Kind.EXACT ? "jqueue_re_b_queue_d_idx" : "jqueue_re_b_prio_d_idx";
    }

    /** The paused queues of this backend (a handful of rows, read once per claim). */
    private Set<String> pausedQueues(Connection connection) throws SQLException {
        Set<String> paused = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT queue_name FROM " + PAUSES + " WHERE backend_alias = ?")) {
            ps.setString(1, backend);
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
     * is gone are skipped. Returns the jobs that were finished.
     */
    public List<Finished> complete(Connection connection, List<Completion> done, Instant now, boolean preserve)
            throws SQLException {
        if (done.isEmpty()) {
            return List.of();
        }
        dialect.pinPlans(connection);
        if (dialect.supportsArrayParameters()) {
            return completeWithArrays(connection, done, now, preserve);
        }
        List<UUID> ids = new ArrayList<>();
        for (Completion completion : done) {
            ids.add(completion.jobId());
        }
        java.util.Map<UUID, Finished> owned = new java.util.LinkedHashMap<>();
        for (List<UUID> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = connection.prepareStatement(ownedClaimsSelect(chunk.size(), dialect))) {
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
        try (PreparedStatement ps = connection.prepareStatement(finishUpdate(dialect))) {
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

    /** Marks one completed job finished, by key (batched; public for the plan tests). */
    public static String finishUpdate(Dialect dialect) {
        return "UPDATE " + JOBS + " SET finished_at = ?, return_value = " + dialect.jsonParam()
                + ", attempts = attempts + 1, updated_at = ? WHERE id = ?";
    }

    /**
     * Locks the claims among {@code count} job ids with their jobs' policies (public for the plan
     * tests). The claims are read by their unique job id (process_id is read too, see
     * {@link Dialect#forceKeyLookup}).
     */
    public static String ownedClaimsSelect(int count, Dialect dialect) {
        return "SELECT c.job_id, c.process_id, " + POLICY_COLUMNS + " FROM " + CLAIMED + " c"
                + dialect.forceKeyLookup(CLAIMED) + " JOIN " + JOBS
                + " j ON j.id = c.job_id WHERE c.job_id IN " + Sql.in(count) + dialect.lockForUpdate();
    }

    /** Locks the claims among {@code count} job ids, by their unique job id (public for the plan tests). */
    public static String claimsLockSelect(int count, Dialect dialect) {
        return "SELECT job_id, process_id FROM " + CLAIMED + dialect.forceKeyLookup(CLAIMED)
                + " WHERE job_id IN " + Sql.in(count) + dialect.lockForUpdate();
    }

    private List<Finished> completeWithArrays(Connection connection, List<Completion> done, Instant now, boolean preserve)
            throws SQLException {
        UUID[] ids = new UUID[done.size()];
        String[] results = new String[done.size()];
        for (int i = 0; i < done.size(); i++) {
            ids[i] = done.get(i).jobId();
            results[i] = done.get(i).resultJson();
        }
        List<Finished> finished = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(completeStatement(preserve))) {
            java.sql.Array idArray = connection.createArrayOf("uuid", ids);
            ps.setArray(1, idArray);
            if (preserve) {
                dialect.setInstant(ps, 2, now);
                ps.setArray(3, connection.createArrayOf("text", results));
                ps.setArray(4, idArray);
                dialect.setInstant(ps, 5, now);
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
     * PostgreSQL completion of a batch in one statement: the claims are consumed by their
     * unique job id and only the jobs whose claim was consumed are finished, by primary key.
     * Each job's return value is picked from the parallel arrays by its position.
     */
    public static String completeStatement(boolean preserve) {
        String consumed = "WITH consumed AS (DELETE FROM " + CLAIMED + " c WHERE c.job_id = ANY (?::uuid[]) RETURNING c.job_id) ";
        return preserve
                ? consumed + "UPDATE " + JOBS + " j SET finished_at = ?, "
                + "return_value = CAST((?::text[])[array_position(?::uuid[], j.id)] AS jsonb), "
                + "attempts = j.attempts + 1, updated_at = ? "
                + "WHERE j.id = ANY (ARRAY(SELECT c.job_id FROM consumed c)) RETURNING j.id, " + POLICY_COLUMNS
                : consumed + "DELETE FROM " + JOBS + " j WHERE j.id = ANY (ARRAY(SELECT c.job_id FROM consumed c)) "
                + "RETURNING j.id, " + POLICY_COLUMNS;
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

    /** The jobs one process holds claimed, oldest claim first (no lock). */
    public List<UUID> heldBy(Connection connection, long processId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT job_id FROM " + CLAIMED + " WHERE process_id = ? "
                + "ORDER BY id")) {
            ps.setLong(1, processId);
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

    /** PostgreSQL: consumes claims by their unique job id (public for the plan tests). */
    public static String consumeStatement() {
        return "DELETE FROM " + CLAIMED + " WHERE job_id = ANY (?::uuid[]) RETURNING job_id";
    }

    /** Consumes the claims of these jobs; returns the jobs whose claim was there (and is now gone). */
    public Set<UUID> consumeAll(Connection connection, List<UUID> jobIds) throws SQLException {
        Set<UUID> consumed = new LinkedHashSet<>();
        if (jobIds.isEmpty()) {
            return consumed;
        }
        dialect.pinPlans(connection);
        if (dialect.supportsArrayParameters()) {
            try (PreparedStatement ps = connection.prepareStatement(consumeStatement())) {
                ps.setArray(1, connection.createArrayOf("uuid", jobIds.toArray(new UUID[0])));
                consumed.addAll(Sql.uuids(dialect, ps, "job_id"));
            }
            return consumed;
        }
        for (List<UUID> chunk : Sql.chunks(jobIds)) {
            try (PreparedStatement ps = connection.prepareStatement(claimsLockSelect(chunk.size(), dialect))) {
                Sql.bindUuids(dialect, ps, 1, chunk);
                consumed.addAll(Sql.uuids(dialect, ps, "job_id"));
            }
        }
        delete(connection, consumed);
        return consumed;
    }

    /** Consumes one job's claim; false if the claim is gone. */
    public boolean consume(Connection connection, UUID jobId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + CLAIMED + " WHERE job_id = ?")) {
            dialect.setUuid(ps, 1, jobId);
            return ps.executeUpdate() == 1;
        }
    }
}
