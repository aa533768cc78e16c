package dev.jqueue.observability;

import dev.jqueue.sql.QueueDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What keeps PostgreSQL from cleaning up the queue tables, read from the statistics views:
 * dead tuples of the {@code jqueue_*} tables, sessions that pin the xmin horizon (or hold a
 * transaction open for long), replication slots holding an xmin, and prepared transactions.
 * Shown as {@code postgres_diagnostics} in {@code stats.json} and checked by
 * {@code jqueue:health --deep}. Everything is database-wide (the views know no backends), so
 * every backend on one database shows the same. Times and ages come from the database's clock.
 *
 * @param queueTables the {@code jqueue_*} tables of the search path, by name
 * @param xminActivity sessions of this database that hold an xmin or a transaction id, or have
 *                     a transaction open for longer than the threshold; those holding back
 *                     the horizon the most first
 * @param replicationSlots physical slots and this database's logical slots
 * @param preparedTransactions this database's prepared (two-phase) transactions, oldest first
 * @param longTransactionThreshold a transaction open longer than this counts as long
 * @param capturedAt the database's clock when the diagnostics were read
 * @param error the database error that stopped the read (then every list is empty)
 */
public record PostgresDiagnostics(List<QueueTable> queueTables, List<Session> xminActivity,
                                  List<ReplicationSlot> replicationSlots, List<PreparedTransaction> preparedTransactions,
                                  Duration longTransactionThreshold, Instant capturedAt, String error) {

    /** dj_queue's dead-tuple thresholds: a table is named when both are reached. */
    public static final long DEAD_TUPLES = 10_000;
    public static final double DEAD_RATIO = 0.2;
    /** Default for {@code long_transaction_threshold_seconds} (and {@code jqueue:health --long-transaction}). */
    public static final Duration LONG_TRANSACTION = Duration.ofMinutes(5);
    /** How many sessions {@code stats.json} lists. */
    public static final int SESSIONS_SHOWN = 20;

    /** A queue table's tuple statistics; {@code needsVacuum} when both dead-tuple thresholds are reached. */
    public record QueueTable(String table, long liveTuples, long deadTuples, double deadRatio, Instant lastVacuum,
                             Instant lastAutovacuum) {
        public boolean needsVacuum() {
            return deadTuples >= DEAD_TUPLES && deadRatio >= DEAD_RATIO;
        }
    }

    /**
     * A session: {@code pinsXmin} when it holds a snapshot (backend_xmin) or a transaction id,
     * {@code ageSeconds} since its transaction started, {@code xminAge} in transactions (how far
     * it holds back the horizon), {@code longRunning} when its transaction is older than the threshold.
     */
    public record Session(int pid, String user, String applicationName, String backendType, String state,
                          Instant transactionStartedAt, Double ageSeconds, Long xminAge, boolean pinsXmin,
                          boolean longRunning) {
    }

    /** A replication slot; {@code pinsXmin} when it holds an xmin or catalog_xmin (ages in transactions). */
    public record ReplicationSlot(String name, String type, String database, boolean active, Long xminAge,
                                  Long catalogXminAge) {
        public boolean pinsXmin() {
            return xminAge != null || catalogXminAge != null;
        }
    }

    /** A prepared transaction waiting for COMMIT PREPARED or ROLLBACK PREPARED. */
    public record PreparedTransaction(String gid, String owner, Instant preparedAt, double ageSeconds, Long xidAge) {
    }

    /** Reads the diagnostics; a database error becomes {@link #error} instead of an exception. */
    public static PostgresDiagnostics read(QueueDatabase db, Duration longTransactionThreshold, int sessionLimit) {
        try {
            return db.read(connection -> read(connection, longTransactionThreshold, sessionLimit));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            return new PostgresDiagnostics(List.of(), List.of(), List.of(), List.of(), longTransactionThreshold, null,
                    message);
        }
    }

    /** Reads the diagnostics on a connection ({@code sessionLimit} 0: every session). */
    public static PostgresDiagnostics read(Connection connection, Duration longTransactionThreshold, int sessionLimit)
            throws SQLException {
        Instant capturedAt;
        try (PreparedStatement ps = connection.prepareStatement("SELECT clock_timestamp()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            capturedAt = rs.getTimestamp(1).toInstant();
        }
        double threshold = longTransactionThreshold.toNanos() / 1e9;

        List<QueueTable> tables = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT relname, n_live_tup, n_dead_tup, last_vacuum, "
                + "last_autovacuum FROM pg_stat_user_tables WHERE relname LIKE 'jqueue!_%' ESCAPE '!'"
                + " AND schemaname = ANY (current_schemas(false)) ORDER BY relname");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long live = rs.getLong(2);
                long dead = rs.getLong(3);
                tables.add(new QueueTable(rs.getString(1), live, dead, dead == 0 ? 0 : (double) dead / (dead + live),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))));
            }
        }

        List<Session> sessions = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT pid, usename, application_name, backend_type, "
                + "state, xact_start, EXTRACT(EPOCH FROM clock_timestamp() - xact_start)::float8 AS age_seconds, "
                + "GREATEST(age(backend_xmin), age(backend_xid)) AS xmin_age, "
                + "(backend_xmin IS NOT NULL OR backend_xid IS NOT NULL) AS pins_xmin FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                + "AND backend_type NOT IN ('autovacuum worker', 'autovacuum launcher', 'walsender') "
                + "AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL "
                + "OR xact_start < clock_timestamp() - make_interval(secs => ?)) "
                + "ORDER BY GREATEST(age(backend_xmin), age(backend_xid)) DESC NULLS LAST, xact_start, pid"
                + (sessionLimit > 0 ? " LIMIT " + sessionLimit : ""))) {
            ps.setDouble(1, threshold);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double age = rs.getDouble("age_seconds");
                    Double ageSeconds = rs.wasNull() ? null : age;
                    long xminAge = rs.getLong("xmin_age");
                    Long xmin = rs.wasNull() ? null : xminAge;
                    sessions.add(new Session(rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"),
                            rs.getString("backend_type"), rs.getString("state"), instant(rs.getTimestamp("xact_start")),
                            ageSeconds, xmin, rs.getBoolean("pins_xmin"), ageSeconds != null && ageSeconds >= threshold));
                }
            }
        }

        List<ReplicationSlot> slots = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT slot_name, slot_type, database, active, "
                + "age(xmin) AS xmin_age, age(catalog_xmin) AS catalog_xmin_age FROM pg_replication_slots "
                + "WHERE database IS NULL OR database = current_database() ORDER BY slot_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long xmin = rs.getLong("xmin_age");
                Long xminAge = rs.wasNull() ? null : xmin;
                long catalog = rs.getLong("catalog_xmin_age");
                Long catalogAge = rs.wasNull() ? null : catalog;
                slots.add(new ReplicationSlot(rs.getString("slot_name"), rs.getString("slot_type"),
                        rs.getString("database"), rs.getBoolean("active"), xminAge, catalogAge));
            }
        }

        List<PreparedTransaction> prepared = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT gid, owner, prepared, "
                + "EXTRACT(EPOCH FROM clock_timestamp() - prepared)::float8 AS age_seconds, age(transaction) AS xid_age "
                + "FROM pg_prepared_xacts WHERE database = current_database() ORDER BY prepared, gid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long xid = rs.getLong("xid_age");
                Long xidAge = rs.wasNull() ? null : xid;
                prepared.add(new PreparedTransaction(rs.getString("gid"), rs.getString("owner"),
                        instant(rs.getTimestamp("prepared")), rs.getDouble("age_seconds"), xidAge));
            }
        }
        return new PostgresDiagnostics(List.copyOf(tables), List.copyOf(sessions), List.copyOf(slots),
                List.copyOf(prepared), longTransactionThreshold, capturedAt, null);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Sessions that pin xmin with a transaction older than the threshold. */
    public List<Session> longXminPins() {
        return xminActivity.stream().filter(s -> s.pinsXmin() && s.longRunning()).toList();
    }

    /** Transactions older than the threshold that pin no xmin (they still hold locks and a connection). */
    public List<Session> otherLongTransactions() {
        return xminActivity.stream().filter(s -> !s.pinsXmin() && s.longRunning()).toList();
    }

    /** Inactive replication slots that hold an xmin or catalog_xmin: nothing consumes them, so it never advances. */
    public List<ReplicationSlot> idleSlotsPinningXmin() {
        return replicationSlots.stream().filter(s -> !s.active() && s.pinsXmin()).toList();
    }

    /** Prepared transactions older than the threshold (likely orphaned by a failed two-phase commit). */
    public List<PreparedTransaction> oldPreparedTransactions() {
        double threshold = longTransactionThreshold.toNanos() / 1e9;
        return preparedTransactions.stream().filter(p -> p.ageSeconds() >= threshold).toList();
    }

    /** The {@code postgres_diagnostics} object of {@code stats.json}: {@code {"error": …}} when the read failed. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (error != null) {
            json.put("error", error);
            return json;
        }
        List<Object> tableList = new ArrayList<>();
        for (QueueTable table : queueTables) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("table", table.table());
            t.put("live_tuples", table.liveTuples());
            t.put("dead_tuples", table.deadTuples());
            t.put("dead_ratio", table.deadRatio());
            t.put("needs_vacuum", table.needsVacuum());
            t.put("last_vacuum", text(table.lastVacuum()));
            t.put("last_autovacuum", text(table.lastAutovacuum()));
            tableList.add(t);
        }
        json.put("queue_tables", tableList);
        List<Object> sessionList = new ArrayList<>();
        for (Session session : xminActivity) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("pid", session.pid());
            s.put("user", session.user());
            s.put("application_name", session.applicationName());
            s.put("backend_type", session.backendType());
            s.put("state", session.state());
            s.put("transaction_started_at", text(session.transactionStartedAt()));
            s.put("transaction_age_seconds", session.ageSeconds());
            s.put("xmin_age", session.xminAge());
            s.put("pins_xmin", session.pinsXmin());
            s.put("long_running", session.longRunning());
            sessionList.add(s);
        }
        json.put("xmin_activity", sessionList);
        List<Object> slotList = new ArrayList<>();
        for (ReplicationSlot slot : replicationSlots) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("slot_name", slot.name());
            s.put("slot_type", slot.type());
            s.put("database", slot.database());
            s.put("active", slot.active());
            s.put("xmin_age", slot.xminAge());
            s.put("catalog_xmin_age", slot.catalogXminAge());
            s.put("pins_xmin", slot.pinsXmin());
            slotList.add(s);
        }
        json.put("replication_slots", slotList);
        List<Object> preparedList = new ArrayList<>();
        for (PreparedTransaction transaction : preparedTransactions) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("gid", transaction.gid());
            p.put("owner", transaction.owner());
            p.put("prepared_at", text(transaction.preparedAt()));
            p.put("age_seconds", transaction.ageSeconds());
            p.put("xid_age", transaction.xidAge());
            preparedList.add(p);
        }
        json.put("prepared_transactions", preparedList);
        json.put("long_transaction_threshold_seconds", longTransactionThreshold.toNanos() / 1e9);
        json.put("captured_at", text(capturedAt));
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
