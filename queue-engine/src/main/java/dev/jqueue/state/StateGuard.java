package dev.jqueue.state;

import static dev.jqueue.state.Tables.JOBS;

import dev.jqueue.EnqueueError;
import dev.jqueue.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one-state invariant for transitions that start from outside the hot path (retry,
 * run-now, copies, recurring publication): before they write a job's new execution row, no
 * other live row (and no finished marker) may exist for it. Claim, completion, failure and
 * promotion need no such check: each consumes the job's previous state row in its own
 * transaction.
 */
public final class StateGuard {

    private final Dialect dialect;

    public StateGuard(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Jobs among {@code ids} that have a live row in any execution table or are finished. */
    public Set<UUID> jobsWithState(Connection connection, Collection<UUID> ids) throws SQLException {
        return jobsWithStateOtherThan(connection, ids, null);
    }

    /**
     * Jobs among {@code ids} that have a live row in an execution table other than
     * {@code except} (null: any), or are finished. Every probe is a key lookup: the unique
     * job id of each execution table and the jobs' primary key, so its cost is the number of
     * ids, never the size of a table.
     */
    public Set<UUID> jobsWithStateOtherThan(Connection connection, Collection<UUID> ids, String except)
            throws SQLException {
        Set<UUID> busy = new HashSet<>();
        if (ids.isEmpty()) {
            return busy;
        }
        int probes = except == null ? Tables.EXECUTIONS.length + 1 : Tables.EXECUTIONS.length; // + the finished jobs
        if (dialect.supportsArrayParameters()) {
            String sql = stateProbe(except, "= ANY (?::uuid[])", dialect);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                java.sql.Array array = connection.createArrayOf("uuid", ids.toArray(new UUID[0]));
                for (int i = 1; i <= probes; i++) {
                    ps.setArray(i, array);
                }
                collect(ps, busy);
            }
            return busy;
        }
        for (List<UUID> chunk : Sql.chunks(new ArrayList<>(ids))) {
            try (PreparedStatement ps = connection.prepareStatement(stateProbe(except, "IN " + Sql.in(chunk.size()), dialect))) {
                int index = 1;
                for (int i = 0; i < probes; i++) {
                    index = Sql.bindUuids(dialect, ps, index, chunk);
                }
                collect(ps, busy);
            }
        }
        return busy;
    }

    /**
     * The probe of {@link #jobsWithStateOtherThan} with {@code match} as the key condition
     * (public for the plan tests). Each execution table is read by its unique job id (created_at
     * is read too, see {@link Dialect#forceKeyLookup}), the jobs by primary key: the finished
     * marker is kept out of index selection, or a planner whose statistics show few finished jobs
     * reads all of them through the finished_at index.
     */
    public static String stateProbe(String except, String match, Dialect dialect) {
        StringBuilder sql = new StringBuilder();
        for (String table : Tables.EXECUTIONS) {
            if (table.equals(except)) {
                continue;
            }
            sql.append(sql.isEmpty() ? "" : " UNION ALL ").append("SELECT job_id, created_at FROM ").append(table)
                    .append(dialect.forceKeyLookup(table)).append(" WHERE job_id ").append(match);
        }
        return sql + " UNION ALL SELECT id AS job_id, created_at FROM " + JOBS + " WHERE id " + match + " AND "
                + dialect.unindexed("finished_at") + " IS NOT NULL";
    }

    private void collect(PreparedStatement ps, Set<UUID> into) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(dialect.getUuid(rs, "job_id"));
            }
        }
    }

    /** Throws the reference's conflict error if any of these jobs already has a state. */
    public void requireStateless(Connection connection, Collection<UUID> ids) throws SQLException {
        Set<UUID> busy = jobsWithState(connection, ids);
        if (!busy.isEmpty()) {
            throw conflict(busy.iterator().next());
        }
    }

    public static EnqueueError conflict(UUID id) {
        return new EnqueueError("job " + id + " already has an execution-state row");
    }
}
