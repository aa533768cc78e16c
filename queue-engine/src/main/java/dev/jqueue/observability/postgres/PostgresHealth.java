package dev.jqueue.observability.postgres;

import dev.jqueue.backend.Backend;
import dev.jqueue.observability.PostgresDiagnostics;
import dev.jqueue.observability.postgres.HealthFinding.Severity;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the PostgreSQL health page shows for one backend: the engine's diagnostics (dead tuples
 * and vacuums per queue table, sessions pinning the xmin horizon, long and idle-in-transaction
 * sessions, replication slots, prepared transactions), the server's autovacuum switch, which
 * queue tables carry the settings {@code jqueue:postgres-autovacuum} recommends, and the
 * findings drawn from them, worst first, each with what to do.
 *
 * @param autovacuumOn the server's {@code autovacuum} setting
 * @param tunedTables queue table → whether its reloptions hold the recommended autovacuum settings
 * @param advice the reviewable statements of {@code jqueue:postgres-autovacuum}
 */
public record PostgresHealth(PostgresDiagnostics diagnostics, Boolean autovacuumOn, Map<String, Boolean> tunedTables,
                             List<String> advice, List<HealthFinding> findings) {

    /** Reads it; a database error becomes a critical finding, not an exception. */
    public static PostgresHealth read(Backend backend, Duration longTransaction) {
        PostgresDiagnostics diagnostics = PostgresDiagnostics.read(backend.context().db, longTransaction, 0);
        Boolean autovacuum = null;
        Map<String, Boolean> tuned = new LinkedHashMap<>();
        String error = diagnostics.error();
        if (error == null) {
            try {
                autovacuum = backend.context().db.read(connection -> autovacuumOn(connection));
                tuned = backend.context().db.read(PostgresHealth::tunedTables);
            } catch (RuntimeException e) {
                error = e.getMessage();
            }
        }
        return new PostgresHealth(diagnostics, autovacuum, tuned, AutovacuumAdvice.statements(),
                findings(diagnostics, autovacuum, tuned, error));
    }

    private static Boolean autovacuumOn(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT current_setting('autovacuum')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return "on".equalsIgnoreCase(rs.getString(1));
        }
    }

    /** Whether each hot queue table's reloptions hold the recommended scale factor. */
    private static Map<String, Boolean> tunedTables(Connection connection) throws SQLException {
        Map<String, Boolean> tuned = new LinkedHashMap<>();
        List<String> tables = AutovacuumAdvice.tables();
        tables.forEach(table -> tuned.put(table, false));
        try (PreparedStatement ps = connection.prepareStatement("SELECT c.relname, c.reloptions FROM pg_class c "
                + "WHERE c.relname = ANY (?) AND c.relnamespace = ANY (SELECT oid FROM pg_namespace "
                + "WHERE nspname = ANY (current_schemas(false)))")) {
            Array names = connection.createArrayOf("text", tables.toArray());
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array options = rs.getArray(2);
                    boolean applied = false;
                    if (options != null) {
                        for (Object option : (Object[]) options.getArray()) {
                            applied |= String.valueOf(option).replace(" ", "")
                                    .equals(AutovacuumAdvice.SCALE_FACTOR_OPTION);
                        }
                    }
                    tuned.put(rs.getString(1), applied);
                }
            }
        }
        return tuned;
    }

    static List<HealthFinding> findings(PostgresDiagnostics diagnostics, Boolean autovacuumOn, Map<String, Boolean> tuned,
                                        String error) {
        List<HealthFinding> findings = new ArrayList<>();
        if (error != null) {
            findings.add(new HealthFinding(Severity.CRITICAL, "diagnostics", "The diagnostics could not be read: " + error,
                    "The console's database user needs to read pg_stat_activity, pg_stat_user_tables, "
                            + "pg_replication_slots and pg_prepared_xacts (the pg_monitor role grants them)."));
            return findings;
        }
        if (Boolean.FALSE.equals(autovacuumOn)) {
            findings.add(new HealthFinding(Severity.CRITICAL, "server", "Autovacuum is off on this server, so dead queue "
                    + "rows are never reclaimed and planner statistics are only refreshed by a manual ANALYZE.",
                    "Turn it on: ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf(); until then run "
                            + "VACUUM (ANALYZE) on the queue tables regularly."));
        }
        for (PostgresDiagnostics.QueueTable table : diagnostics.queueTables()) {
            if (table.needsVacuum()) {
                findings.add(new HealthFinding(Severity.WARNING, table.table(), String.format(Locale.ROOT,
                        "%,d dead tuples (%.0f %% of the table); last vacuum %s, last autovacuum %s.", table.deadTuples(),
                        table.deadRatio() * 100, text(table.lastVacuum()), text(table.lastAutovacuum())),
                        "Dead rows slow claiming down. Run VACUUM (ANALYZE) " + table.table()
                                + "; and apply the autovacuum settings below so it happens on its own."));
            }
        }
        List<String> untuned = tuned.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        if (!untuned.isEmpty()) {
            findings.add(new HealthFinding(Severity.WARNING, String.join(", ", untuned),
                    untuned.size() + " hot queue table(s) run on the server's default autovacuum thresholds, which wait "
                            + "for 20 % of a table to be dead before vacuuming it.",
                    "Review and apply the statements under 'Autovacuum settings' (jqueue:postgres-autovacuum prints "
                            + "the same)."));
        }
        for (PostgresDiagnostics.Session session : diagnostics.longXminPins()) {
            findings.add(new HealthFinding(Severity.CRITICAL, "pid " + session.pid(), describe(session)
                    + " holds back the xmin horizon, so vacuum cannot remove dead queue rows newer than its snapshot.",
                    "End the transaction in the application that opened it, or: SELECT pg_terminate_backend("
                            + session.pid() + ");"));
        }
        for (PostgresDiagnostics.Session session : diagnostics.otherLongTransactions()) {
            boolean idle = session.state() != null && session.state().startsWith("idle in transaction");
            findings.add(new HealthFinding(Severity.WARNING, "pid " + session.pid(), describe(session)
                    + (idle ? " is idle inside an open transaction: it holds its locks and a pooled connection."
                    : " has a long transaction open."),
                    idle ? "Commit or roll back in the application; set idle_in_transaction_session_timeout to end such "
                            + "sessions automatically."
                            : "Check what it runs (pg_stat_activity.query); long transactions hold locks that claims may wait for."));
        }
        for (PostgresDiagnostics.ReplicationSlot slot : diagnostics.idleSlotsPinningXmin()) {
            findings.add(new HealthFinding(Severity.CRITICAL, "slot " + slot.name(), "The inactive " + slot.type()
                    + " replication slot " + slot.name() + " holds back the xmin horizon (" + age(slot) + ").",
                    "If nothing consumes it any more: SELECT pg_drop_replication_slot('" + slot.name() + "');"));
        }
        for (PostgresDiagnostics.PreparedTransaction prepared : diagnostics.oldPreparedTransactions()) {
            findings.add(new HealthFinding(Severity.CRITICAL, "prepared " + prepared.gid(), String.format(Locale.ROOT,
                    "A prepared transaction of %s has waited %s for its second phase; it holds its locks and the "
                            + "xmin horizon.", prepared.owner(), duration(prepared.ageSeconds())),
                    "Finish it with COMMIT PREPARED '" + prepared.gid() + "'; or ROLLBACK PREPARED '" + prepared.gid()
                            + "'; once the transaction manager that owns it is known to be gone."));
        }
        if (findings.stream().noneMatch(f -> f.severity() != Severity.OK)) {
            findings.add(new HealthFinding(Severity.OK, "queue tables", "No dead-tuple build-up, no session or slot "
                    + "holding back vacuum, no forgotten prepared transaction.", "Nothing to do."));
        }
        findings.sort(Comparator.comparing(HealthFinding::severity));
        return List.copyOf(findings);
    }

    private static String describe(PostgresDiagnostics.Session session) {
        String who = session.applicationName() == null || session.applicationName().isBlank()
                ? session.user() : session.applicationName() + " (" + session.user() + ")";
        return "Session " + session.pid() + " of " + who + ", " + session.state() + " for "
                + duration(session.ageSeconds() == null ? 0 : session.ageSeconds()) + ",";
    }

    private static String age(PostgresDiagnostics.ReplicationSlot slot) {
        Long age = slot.xminAge() != null ? slot.xminAge() : slot.catalogXminAge();
        return String.format(Locale.ROOT, "%,d transactions behind", age);
    }

    /** {@code 42 s}, {@code 12 min}, {@code 3 h}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? "never" : instant.toString();
    }
}
