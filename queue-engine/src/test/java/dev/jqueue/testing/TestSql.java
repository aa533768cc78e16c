package dev.jqueue.testing;

import dev.jqueue.sql.SqliteDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The SQL and timing helpers the contract suites share: a scalar count, a raw statement, a
 * polling wait, and a timestamp literal in each test database's syntax.
 */
public final class TestSql {

    /** How long {@link #await} waits before it fails. */
    public static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(30);

    private TestSql() {
    }

    /** The first column of the first row of a query (a {@code COUNT(*)}), with {@code params} bound in order. */
    public static long count(DataSource dataSource, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one statement with parameters outside the engine, binding UUIDs and instants the way
     * the engine's dialect does, so each database stores its own representation of them.
     */
    public static void execute(DataSource dataSource, dev.jqueue.sql.Dialect dialect, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof java.util.UUID id) {
                    dialect.setUuid(ps, i + 1, id);
                } else if (params[i] instanceof java.time.Instant instant) {
                    dialect.setInstant(ps, i + 1, instant);
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement outside the engine (to age rows, break them, or remove them). */
    public static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} every 20 ms; fails with "timed out waiting for {@code what}" after {@link #AWAIT_TIMEOUT}. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    /** The same, with {@code detail} (computed only on a time-out) appended to the failure message. */
    public static void await(String what, BooleanSupplier condition, Supplier<String> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + detail.get());
            }
            Thread.sleep(20);
        }
    }

    /** A SQL literal for {@code instant} in the column type each database stores timestamps in. */
    public static String timestamp(TestDatabase database, Instant instant) {
        return switch (database.family()) {
            case POSTGRESQL -> "TIMESTAMPTZ '" + instant + "'";
            case MYSQL -> "'" + instant.toString().replace("T", " ").replace("Z", "") + "'";
            case SQLITE -> "'" + SqliteDialect.format(instant) + "'";
        };
    }
}
