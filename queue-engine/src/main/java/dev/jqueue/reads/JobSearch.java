package dev.jqueue.reads;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PROCESSES;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.RECURRING_EXECUTIONS;
import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.JobState;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The console's job lists: filtered, sorted, paged reads over a backend's jobs. A state filter
 * joins that state's table, so listing 50 failed jobs among millions of finished ones touches
 * only failed rows; an exception-class filter, which only failed jobs can match, does the same.
 * Counts stop at {@link #COUNT_LIMIT}. The argument text (a substring of every job's JSON, which
 * no index serves) is looked for in the backend's newest {@link #ARGUMENT_SCAN_LIMIT} jobs only.
 */
public final class JobSearch {

    /** Counts above this are reported as "at least". */
    public static final long COUNT_LIMIT = 10_000;

    /** An argument-text search reads this many of the newest jobs (ids are time-ordered), not all of them. */
    public static final int ARGUMENT_SCAN_LIMIT = 100_000;

    private final BackendContext backend;
    private final Dialect dialect;
    private final long countLimit;
    private final int argumentScanLimit;

    public JobSearch(BackendContext backend) {
        this(backend, COUNT_LIMIT);
    }

    public JobSearch(BackendContext backend, long countLimit) {
        this(backend, countLimit, ARGUMENT_SCAN_LIMIT);
    }

    public JobSearch(BackendContext backend, long countLimit, int argumentScanLimit) {
        this.backend = backend;
        this.dialect = backend.dialect;
        this.countLimit = countLimit;
        this.argumentScanLimit = argumentScanLimit;
    }

    /** Filter, joins and parameters of one query. */
    private final class Query {
        final StringBuilder where = new StringBuilder("j.backend_alias = ?");
        final List<Object> params = new ArrayList<>();

        /** @param oldestScanned the oldest job an argument-text search reads, null for all */
        Query(JobFilter filter, UUID oldestScanned) {
            params.add(backend.alias);
            if (filter.state() != null) {
                where.append(" AND ").append(statePredicate(filter.state()));
            }
            if (filter.queue() != null) {
                where.append(" AND j.queue_name = ?");
                params.add(filter.queue());
                String copy = queueCopy(filter.state());
                if (copy != null) {
                    // The state table's own copy of backend and queue lets its queue index drive the read.
                    where.append(" AND ").append(copy).append(".backend_alias = ? AND ").append(copy).append(".queue_name = ?");
                    params.add(backend.alias);
                    params.add(filter.queue());
                }
            }
            if (filter.taskPath() != null && filter.taskPathExact()) {
                where.append(" AND j.task_path = ?");
                params.add(filter.taskPath());
            } else if (filter.taskPath() != null) {
                where.append(" AND ").append(dialect.containsIgnoreCase("j.task_path"));
                params.add(like(filter.taskPath()));
            }
            if (filter.concurrencyKey() != null) {
                where.append(" AND j.concurrency_key = ?");
                params.add(filter.concurrencyKey());
            }
            if (filter.uniqueKey() != null) {
                where.append(" AND EXISTS (SELECT 1 FROM ").append(dev.jqueue.state.Tables.UNIQUE_KEYS)
                        .append(" u WHERE u.job_id = j.id AND u.backend_alias = j.backend_alias AND u.unique_key = ?)");
                params.add(filter.uniqueKey());
            }
            if (filter.recurringKey() != null) {
                where.append(" AND EXISTS (SELECT 1 FROM ").append(RECURRING_EXECUTIONS)
                        .append(" re WHERE re.job_id = j.id AND re.backend_alias = j.backend_alias AND re.task_key = ?)");
                params.add(filter.recurringKey());
            }
            if (filter.jobId() != null) {
                where.append(" AND j.id = ?");
                params.add(filter.jobId());
            }
            if (filter.argumentText() != null) {
                if (oldestScanned != null) {
                    where.append(" AND j.id >= ?");
                    params.add(oldestScanned);
                }
                where.append(" AND ").append(dialect.containsIgnoreCase(dialect.jsonText("j.payload")));
                params.add(like(filter.argumentText()));
            }
            if (filter.exceptionClass() != null) {
                where.append(" AND f.exception_class = ?");
                params.add(filter.exceptionClass());
            }
            if (filter.createdFrom() != null) {
                where.append(" AND j.created_at >= ?");
                params.add(filter.createdFrom());
            }
            if (filter.createdTo() != null) {
                where.append(" AND j.created_at < ?");
                params.add(filter.createdTo());
            }
        }

        int bind(PreparedStatement ps, int start) throws SQLException {
            int index = start;
            for (Object param : params) {
                if (param instanceof UUID id) {
                    dialect.setUuid(ps, index++, id);
                } else if (param instanceof java.time.Instant at) {
                    dialect.setInstant(ps, index++, at);
                } else {
                    ps.setObject(index++, param);
                }
            }
            return index;
        }
    }

    private static String like(String text) {
        return "%" + text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /** The alias of the state table that carries backend and queue (ready, scheduled, blocked), or null. */
    private static String queueCopy(JobState state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case READY -> "r";
            case SCHEDULED -> "s";
            case BLOCKED -> "b";
            default -> null;
        };
    }

    private static String statePredicate(JobState state) {
        return switch (state) {
            case READY -> "r.id IS NOT NULL";
            case SCHEDULED -> "s.id IS NOT NULL";
            case CLAIMED -> "c.id IS NOT NULL";
            case BLOCKED -> "b.id IS NOT NULL";
            case FAILED -> "f.id IS NOT NULL";
            case FINISHED -> "j.finished_at IS NOT NULL";
            case INVALID -> "((j.finished_at IS NOT NULL AND (r.id IS NOT NULL OR s.id IS NOT NULL OR c.id IS NOT NULL "
                    + "OR b.id IS NOT NULL OR f.id IS NOT NULL)) OR (j.finished_at IS NULL AND ("
                    + "(CASE WHEN r.id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s.id IS NULL THEN 0 ELSE 1 END) + "
                    + "(CASE WHEN c.id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN b.id IS NULL THEN 0 ELSE 1 END) + "
                    + "(CASE WHEN f.id IS NULL THEN 0 ELSE 1 END)) <> 1))";
        };
    }

    /**
     * Runs a read in a transaction with its joins pinned ({@link Dialect#pinReadPlans}: on
     * PostgreSQL no hash or merge joins, no JIT): a list joins a small execution table (failed:
     * 100,000 rows) to a big jobs table (a million finished), and at those sizes PostgreSQL
     * preferred a hash join over a full scan of the jobs (0.2–0.7 s) to key lookups from the
     * small side (under a millisecond for a page in the failed index's order).
     */
    private <T> T pinnedRead(JobState driving, dev.jqueue.sql.SqlWork<T> work) {
        boolean byExecutionTable = driving != null && driving != JobState.FINISHED && driving != JobState.INVALID;
        return backend.db.pinnedRead(byExecutionTable, work);
    }

    /** The state whose table a filter joins inner: its state, or failed for an exception class. */
    private static JobState joined(JobFilter filter) {
        return filter.state() == null && filter.exceptionClass() != null ? JobState.FAILED : filter.state();
    }

    /**
     * The oldest of the newest {@link #ARGUMENT_SCAN_LIMIT} (or the configured number of) jobs of the backend, which bounds an
     * argument-text search; null without one, or when the backend has fewer jobs.
     */
    private UUID oldestScanned(Connection connection, JobFilter filter) throws SQLException {
        if (filter.argumentText() == null) {
            return null;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM " + JOBS
                + " WHERE backend_alias = ? ORDER BY id DESC LIMIT 1 OFFSET " + (argumentScanLimit - 1))) {
            ps.setString(1, backend.alias);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? dialect.getUuid(rs, "id") : null;
            }
        }
    }

    /**
     * The filtered state's table first and joined inner (the fast path: its rows drive, each
     * job read by key), left joins for the rest. The written order is the join order where
     * {@link Dialect#pinReadPlans} fixes it (PostgreSQL).
     */
    private static String from(JobState state) {
        String driving = switch (state == null ? JobState.FINISHED : state) {
            case READY -> READY + " r";
            case SCHEDULED -> SCHEDULED + " s";
            case CLAIMED -> CLAIMED + " c";
            case BLOCKED -> BLOCKED + " b";
            case FAILED -> FAILED + " f";
            case FINISHED, INVALID -> null;
        };
        StringBuilder sql = new StringBuilder(" FROM ");
        if (driving != null) {
            sql.append(driving).append(" JOIN ").append(JOBS).append(" j ON j.id = ").append(driving.substring(driving.length() - 1))
                    .append(".job_id ");
        } else {
            sql.append(JOBS).append(" j ");
        }
        appendJoin(sql, state, JobState.READY, READY + " r ON r.job_id = j.id ");
        appendJoin(sql, state, JobState.SCHEDULED, SCHEDULED + " s ON s.job_id = j.id ");
        appendJoin(sql, state, JobState.CLAIMED, CLAIMED + " c ON c.job_id = j.id ");
        sql.append("LEFT JOIN ").append(PROCESSES).append(" p ON p.id = c.process_id ");
        appendJoin(sql, state, JobState.BLOCKED, BLOCKED + " b ON b.job_id = j.id ");
        appendJoin(sql, state, JobState.FAILED, FAILED + " f ON f.job_id = j.id ");
        return sql.toString();
    }

    /** A left join of another state's table (the filtered state's is already first). */
    private static void appendJoin(StringBuilder sql, JobState filtered, JobState table, String join) {
        if (filtered != table) {
            sql.append("LEFT JOIN ").append(join);
        }
    }


    /**
     * A page of matching jobs and their count, capped at the count limit. {@code limit} 0 reads
     * only the count, a count limit of 0 only the rows (the count is then reported as 0+), so a
     * list that needs both from separate calls does not scan twice for each.
     */
    public Page<JobRow> search(JobFilter filter, JobSort sort, int offset, int limit) {
        JobState state = joined(filter);
        return pinnedRead(state, connection -> {
            Query query = new Query(filter, oldestScanned(connection, filter));
            List<JobRow> rows = new ArrayList<>();
            if (limit > 0) {
                String select = "SELECT j.id, j.task_path, j.queue_name, j.priority, j.created_at, j.scheduled_at, "
                        + "j.finished_at, j.concurrency_key, j.attempts, " + dialect.jsonText("j.return_value")
                        + " AS return_text, r.id AS r_id, s.id AS s_id, c.id AS c_id, c.created_at AS claimed_at, "
                        + "p.name AS process_name, b.id AS b_id, b.expires_at, f.id AS f_id, f.exception_class, f.message, "
                        + "f.created_at AS failed_at" + from(state) + "WHERE " + query.where + " ORDER BY "
                        + JobSort.orderBy(sort, state) + " LIMIT ? OFFSET ?";
                try (PreparedStatement ps = connection.prepareStatement(select)) {
                    int index = query.bind(ps, 1);
                    ps.setInt(index++, limit);
                    ps.setInt(index, offset);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(row(rs));
                        }
                    }
                }
            }
            Count total = countLimit == 0 ? new Count(0, true) : count(connection, state, query);
            return new Page<>(rows, total, offset, limit);
        });
    }

    private JobRow row(ResultSet rs) throws SQLException {
        JobState state = JobState.of(dialect.getInstant(rs, "finished_at") != null, rs.getObject("r_id") != null,
                rs.getObject("s_id") != null, rs.getObject("c_id") != null, rs.getObject("b_id") != null,
                rs.getObject("f_id") != null);
        return new JobRow(dialect.getUuid(rs, "id"), rs.getString("task_path"), rs.getString("queue_name"),
                rs.getInt("priority"), state, dialect.getInstant(rs, "created_at"), dialect.getInstant(rs, "scheduled_at"),
                dialect.getInstant(rs, "claimed_at"), rs.getString("process_name"), dialect.getInstant(rs, "finished_at"),
                dialect.getInstant(rs, "failed_at"), rs.getString("exception_class"), rs.getString("message"),
                rs.getString("concurrency_key"), dialect.getInstant(rs, "expires_at"), rs.getInt("attempts"),
                rs.getString("return_text"));
    }

    private Count count(Connection connection, JobState state, Query query) throws SQLException {
        String sql = "SELECT COUNT(*) FROM (SELECT 1 AS one" + from(state) + "WHERE " + query.where
                + " LIMIT " + (countLimit + 1) + ") capped";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            query.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long value = rs.getLong(1);
                return value > countLimit ? new Count(countLimit, true) : new Count(value, false);
            }
        }
    }

    /** Ids of jobs matching a filter, in the list's order (for "act on everything matching"). */
    public List<UUID> ids(JobFilter filter, int limit) {
        JobState state = joined(filter);
        return pinnedRead(state, connection -> {
            Query query = new Query(filter, oldestScanned(connection, filter));
            String sql = "SELECT j.id" + from(state) + "WHERE " + query.where + " ORDER BY "
                    + JobSort.orderBy(null, state) + " LIMIT ?";
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setInt(query.bind(ps, 1), limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(dialect.getUuid(rs, "id"));
                    }
                }
            }
            return ids;
        });
    }

    /** Failed jobs grouped by exception class and task, largest group first. */
    public List<FailedGroup> failedGroups(JobFilter filter) {
        return pinnedRead(JobState.FAILED, connection -> {
            Query query = new Query(filter.withState(JobState.FAILED), oldestScanned(connection, filter));
            String sql = "SELECT f.exception_class, j.task_path, COUNT(*) AS n, MIN(f.created_at) AS first_seen, "
                    + "MAX(f.created_at) AS last_seen" + from(JobState.FAILED) + "WHERE " + query.where
                    + " GROUP BY f.exception_class, j.task_path ORDER BY n DESC, f.exception_class, j.task_path";
            List<FailedGroup> groups = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                query.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.add(new FailedGroup(rs.getString("exception_class"), rs.getString("task_path"),
                                rs.getLong("n"), dialect.getInstant(rs, "first_seen"), dialect.getInstant(rs, "last_seen")));
                    }
                }
            }
            return groups;
        });
    }

    /** A group of failed jobs sharing exception class and task. */
    public record FailedGroup(String exceptionClass, String taskPath, long count, java.time.Instant firstSeen,
                              java.time.Instant lastSeen) {
    }
}
