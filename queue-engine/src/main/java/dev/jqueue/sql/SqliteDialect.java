package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * SQLite 3.35+: one writer at a time. Every jqueue transaction starts with
 * {@code BEGIN IMMEDIATE}, so it takes the write lock up front and waits (busy timeout)
 * instead of failing when it upgrades from reading to writing. Timestamps are fixed-width
 * ISO-8601 text, which sorts correctly as text.
 */
public final class SqliteDialect implements Dialect {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final int busyTimeoutMillis;

    public SqliteDialect() {
        this(10_000);
    }

    public SqliteDialect(int busyTimeoutMillis) {
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean supportsSkipLocked() {
        return false;
    }

    @Override
    public boolean supportsSingleStatementLockAndFetch() {
        return false;
    }

    @Override
    public boolean supportsArrayParameters() {
        return false;
    }

    @Override
    public boolean supportsListenNotify() {
        return false;
    }

    @Override
    public boolean serializesWrites() {
        return true;
    }

    @Override
    public String forceIndex(String index) {
        return " INDEXED BY " + index;
    }

    /** SQLite names the index of a UNIQUE column itself: job_id is each execution table's only one. */
    @Override
    public String forceKeyLookup(String executionTable) {
        return forceIndex("sqlite_autoindex_" + executionTable + "_1");
    }

    /** SQLite's unary plus keeps a column out of index selection. */
    @Override
    public String unindexed(String column) {
        return "+" + column;
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        // Per-connection settings; both are no-ops inside a transaction, so run them first.
        Dialect.execute(connection, "PRAGMA foreign_keys = ON");
        Dialect.execute(connection, "PRAGMA busy_timeout = " + busyTimeoutMillis);
    }

    @Override
    public void begin(Connection connection) throws SQLException {
        Dialect.execute(connection, "BEGIN IMMEDIATE");
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        Dialect.execute(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
            return;
        }
        try {
            Dialect.execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                throw e;
            }
        }
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        ps.setString(index, value == null ? null : FORMAT.format(value));
    }

    @Override
    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : Instant.parse(text);
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
