package dev.jqueue.state;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.SCHEDULED;

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
 * The one-state invariant: before a transition writes a job's new execution row, no other
 * live row (and no finished marker) may exist for it.
 */
public final class StateGuard {

    private final Dialect dialect;

    public StateGuard(Dialect dialect) {
        this.dialect = dialect;
    }

    /** SQL condition: the job aliased {@code alias} has no live row in any execution table but {@code except}. */
    public static String noOtherState(String jobIdExpression, String except) {
        StringBuilder sql = new StringBuilder();
        for (String table : Tables.EXECUTIONS) {
            if (table.equals(except)) {
                continue;
            }
            if (!sql.isEmpty()) {
                sql.append(" AND ");
            }
            sql.append("NOT EXISTS (SELECT 1 FROM ").append(table).append(" x WHERE x.job_id = ").append(jobIdExpression).append(")");
        }
        return sql.toString();
    }

    /** Jobs among {@code ids} that have a live row in any execution table or are finished. */
    public Set<UUID> jobsWithState(Connection connection, Collection<UUID> ids) throws SQLException {
        Set<UUID> busy = new HashSet<>();
        for (List<UUID> chunk : Sql.chunks(new ArrayList<>(ids))) {
            String in = Sql.in(chunk.size());
            String sql = "SELECT job_id FROM " + READY + " WHERE job_id IN " + in
                    + " UNION ALL SELECT job_id FROM " + SCHEDULED + " WHERE job_id IN " + in
                    + " UNION ALL SELECT job_id FROM " + CLAIMED + " WHERE job_id IN " + in
                    + " UNION ALL SELECT job_id FROM " + BLOCKED + " WHERE job_id IN " + in
                    + " UNION ALL SELECT job_id FROM " + FAILED + " WHERE job_id IN " + in
                    + " UNION ALL SELECT id AS job_id FROM " + JOBS + " WHERE finished_at IS NOT NULL AND id IN " + in;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                for (int i = 0; i < 6; i++) {
                    index = Sql.bindUuids(dialect, ps, index, chunk);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        busy.add(dialect.getUuid(rs, "job_id"));
                    }
                }
            }
        }
        return busy;
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
