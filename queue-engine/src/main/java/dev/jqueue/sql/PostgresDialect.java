package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** PostgreSQL 14+: SKIP LOCKED, data-modifying CTEs, arrays, LISTEN/NOTIFY. */
public final class PostgresDialect implements Dialect {

    private final boolean skipLocked;

    public PostgresDialect() {
        this(true);
    }

    private PostgresDialect(boolean skipLocked) {
        this.skipLocked = skipLocked;
    }

    @Override
    public Dialect withoutSkipLocked() {
        return new PostgresDialect(false);
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean supportsSkipLocked() {
        return skipLocked;
    }

    @Override
    public boolean supportsSingleStatementLockAndFetch() {
        return true;
    }

    @Override
    public boolean supportsArrayParameters() {
        return true;
    }

    private final ClaimGate claimGate = new AdvisoryClaimGate();

    @Override
    public ClaimGate claimGate() {
        return claimGate;
    }

    /**
     * Without statistics (a new table, or one analyzed while empty) PostgreSQL may believe that
     * few ready rows match and sort them all instead of reading the ordered index, or scan a
     * table instead of its key. Switching those strategies off for the transaction (they stay
     * available when nothing else exists) leaves the index paths, whose cost is the batch size.
     * A switched-off strategy still counts with a huge cost, which would trip JIT compilation
     * (about 170 ms a statement here), so JIT is off too. {@code set_config(..., true)} is local
     * to the transaction, so a pooled connection is handed back unchanged.
     */
    /** The settings of {@link #pinPlans} as a select list, so another statement can carry them (see AdvisoryClaimGate). */
    static final String PIN_PLANS = "set_config('enable_sort', 'off', true), set_config('enable_incremental_sort', 'off', true), "
            + "set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), "
            + "set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true)";

    @Override
    public void pinPlans(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + PIN_PLANS)) {
            rs.next();
        }
    }

    /** PostgreSQL has no skip scan: a recursive query steps from one queue name to the next through the index. */
    @Override
    public String distinctJobQueues() {
        return "WITH RECURSIVE q(name, backend) AS (SELECT MIN(queue_name), CAST(? AS varchar(64)) FROM jqueue_jobs "
                + "WHERE backend_alias = ? UNION ALL SELECT (SELECT MIN(j.queue_name) FROM jqueue_jobs j "
                + "WHERE j.backend_alias = q.backend AND j.queue_name > q.name), q.backend FROM q WHERE q.name IS NOT NULL) "
                + "SELECT name FROM q WHERE name IS NOT NULL";
    }

    @Override
    public boolean pinsReadPlans() {
        return true;
    }

    @Override
    public void pinReadPlans(Connection connection, boolean noScans) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT set_config('enable_hashjoin', 'off', true), "
                     + "set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true), "
                     + "set_config('join_collapse_limit', '1', true), set_config('enable_seqscan', '"
                     + (noScans ? "off" : "on") + "', true), set_config('enable_bitmapscan', '" + (noScans ? "off" : "on")
                     + "', true)")) {
            rs.next();
        }
    }

    @Override
    public void withoutJit(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT set_config('jit', 'off', true)")) {
            rs.next();
        }
    }

    @Override
    public boolean supportsListenNotify() {
        return true;
    }

    @Override
    public boolean serializesWrites() {
        return false;
    }

    @Override
    public String jsonParam() {
        return "CAST(? AS jsonb)";
    }

    @Override
    public String jsonText(String column) {
        return column + "::text";
    }

    @Override
    public String containsIgnoreCase(String column) {
        return column + "::text ILIKE ? ESCAPE '!'";
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
        ps.setObject(index, value);
    }

    @Override
    public UUID getUuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }
}
