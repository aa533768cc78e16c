package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything that differs between the databases jqueue runs on, as capability flags and
 * small SQL fragments. Operations ask the dialect instead of testing for a vendor.
 */
public interface Dialect {

    /** Family name: {@code postgresql}, {@code mysql} or {@code sqlite}. */
    String name();

    /** Flyway location of this family's migrations. */
    default String migrationLocation() {
        return "classpath:dev/jqueue/db/" + name();
    }

    /** Row locks that skip rows other transactions hold ({@code FOR UPDATE SKIP LOCKED}). */
    boolean supportsSkipLocked();

    /**
     * Lock, consume and insert in one statement (data-modifying CTEs with RETURNING), so a
     * claim or a promotion is one round trip.
     */
    boolean supportsSingleStatementLockAndFetch();

    /** Array parameters ({@code unnest(?::uuid[])}) for constant-statement bulk writes. */
    boolean supportsArrayParameters();

    /** LISTEN/NOTIFY wake-ups. */
    boolean supportsListenNotify();

    /** Writers are serialized by the database (one writer at a time). */
    boolean serializesWrites();

    /** How claims and {@code pause()} keep "no claim in flight after pause returns" (see {@link ClaimGate}). */
    default ClaimGate claimGate() {
        return ClaimGate.NONE;
    }

    /**
     * Appended to a SELECT that locks rows for a transition, skipping rows locked elsewhere; a
     * waiting {@link #lockForUpdate} where skipping is unsupported or switched off.
     */
    default String lockSkipLocked() {
        return supportsSkipLocked() ? " FOR UPDATE SKIP LOCKED" : lockForUpdate();
    }

    /** {@code " SKIP LOCKED"} after a {@code FOR UPDATE OF t} that a statement writes itself; empty without. */
    default String skipLocked() {
        return supportsSkipLocked() ? " SKIP LOCKED" : "";
    }

    /**
     * This dialect with waiting row locks where it would skip locked rows: dj_queue's
     * {@code use_skip_locked = False}, for proxies or replicas that mishandle SKIP LOCKED. Claims
     * stay exactly-once; concurrent claimers queue behind each other instead of passing.
     */
    default Dialect withoutSkipLocked() {
        return this;
    }

    /** Appended to a SELECT that locks rows, waiting for other holders. */
    default String lockForUpdate() {
        return serializesWrites() ? "" : " FOR UPDATE";
    }

    /** INSERT ... RETURNING (PostgreSQL, MariaDB 10.5+, SQLite 3.35+); else generated keys. */
    default boolean supportsInsertReturning() {
        return true;
    }

    /**
     * An INSERT of one row that, when the row exists, changes nothing but locks it exclusively
     * ({@code keyColumns} name the conflicting key, {@code anyColumn} is rewritten to itself). A
     * read of the row afterwards sees whichever row won, already locked: unlike an insert that
     * skips conflicts, two of these never upgrade a shared lock into a deadlock on InnoDB.
     */
    default String insertOrLock(String table, String columns, String keyColumns, String anyColumn) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders(columns) + ") ON CONFLICT ("
                + keyColumns + ") DO UPDATE SET " + anyColumn + " = " + table + "." + anyColumn;
    }

    /** {@code ?, ?, ?} for each column of a comma-separated list. */
    static String placeholders(String columns) {
        return String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
    }

    /** An INSERT that silently skips rows violating a unique constraint. */
    default String insertIgnore(String intoClause) {
        return "INSERT INTO " + intoClause + " ON CONFLICT DO NOTHING";
    }

    /**
     * A column in a condition that must not pick the index: key lookups ({@code id IN (...)})
     * also filter by backend, and a planner without statistics may prefer the backend index.
     */
    default String unindexed(String column) {
        return column;
    }

    /**
     * Pins the planner's choices for the rest of the current transaction, so that a hot-path
     * statement is planned the same way whatever the table sizes and statistics (PostgreSQL has
     * no hints: see {@link PostgresDialect#pinPlans}). A no-op where {@link #forceIndex} does it.
     */
    default void pinPlans(Connection connection) throws SQLException {
    }

    /**
     * Pins the join strategy of a console read for the rest of the current transaction: key
     * lookups (nested loops) from the small execution tables into {@code jqueue_jobs}, never a
     * hash join that reads every job, in the written join order (the read puts its driving
     * table first). Unlike {@link #pinPlans}, sorts stay allowed, and scans (sequential and
     * bitmap) unless {@code noScans}: a read driven by an execution table, where reading the
     * jobs table other than by key is never right, and the planner's estimate of a substring
     * filter on the job made it look so.
     * A no-op where the planner needs no such help.
     */
    default void pinReadPlans(Connection connection, boolean noScans) throws SQLException {
    }

    /** Whether {@link #pinReadPlans} and {@link #withoutJit} do anything (and so need a transaction). */
    default boolean pinsReadPlans() {
        return false;
    }

    /**
     * The distinct queue names of a backend's jobs (one parameter: the backend), read without
     * visiting every job where the database can skip through an index: MySQL and MariaDB do
     * that for a plain {@code DISTINCT} on {@code (backend_alias, queue_name, id)}.
     */
    default String distinctJobQueues() {
        return "SELECT DISTINCT queue_name FROM jqueue_jobs WHERE backend_alias = ?";
    }

    /**
     * Switches off just-in-time compilation for the rest of the current transaction: a read that
     * the planner costs high enough (the invalid-state check) spent seconds compiling on
     * PostgreSQL. A no-op elsewhere.
     */
    default void withoutJit(Connection connection) throws SQLException {
    }

    /** A table reference suffix that makes the planner use {@code index} (MySQL {@code FORCE INDEX}, SQLite {@code INDEXED BY}). */
    default String forceIndex(String index) {
        return "";
    }

    /**
     * A reference suffix for an execution table that keeps a lookup of a job id list
     * ({@code job_id IN (...)}) on the table's unique job id index, where the planner's
     * statistics could make it read a whole index instead: MySQL and MariaDB do that for a table
     * their statistics say is empty (or nearly), whatever it holds by now; SQLite for a list that
     * is a good part of the rows its statistics count. MySQL's {@code FORCE INDEX} rules out the
     * table scan; a statement that uses this also reads a column outside the index, which rules
     * out a full scan of the index itself. Empty where the planner needs no such help.
     */
    default String forceKeyLookup(String executionTable) {
        return "";
    }

    /** A JSON value parameter placeholder. */
    default String jsonParam() {
        return "?";
    }

    /** A JSON column read as text. */
    default String jsonText(String column) {
        return column;
    }

    /** Quotes an identifier that is a reserved word in some databases ({@code key}, {@code limit}). */
    default String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    /** Case-insensitive text match expression for console searches. */
    default String containsIgnoreCase(String column) {
        return "LOWER(" + column + ") LIKE ? ESCAPE '!'";
    }

    void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException;

    Instant getInstant(ResultSet rs, String column) throws SQLException;

    default void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
        ps.setString(index, value == null ? null : value.toString());
    }

    default UUID getUuid(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : UUID.fromString(text);
    }

    /** Starts a transaction on a pooled connection. */
    default void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
    }

    default void commit(Connection connection) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    default void rollback(Connection connection) throws SQLException {
        connection.rollback();
        connection.setAutoCommit(true);
    }

    /** Called on a connection before jqueue uses it (per-connection settings). */
    default void prepare(Connection connection) throws SQLException {
    }

    /** Whether an error is worth retrying the whole transaction for. */
    default boolean isTransient(Throwable e) {
        return TransientErrors.isTransient(e);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
