package dev.jqueue.command;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PROCESSES;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.RECURRING_EXECUTIONS;
import static dev.jqueue.state.Tables.SCHEDULED;
import static dev.jqueue.state.Tables.SEMAPHORES;

import dev.jqueue.JobState;
import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.observability.PostgresDiagnostics;
import dev.jqueue.observability.SnapshotReader;
import dev.jqueue.operations.BackendContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The checks of {@code jqueue:health --deep} (dj_queue's list): each returns a sentence when it
 * finds something, nothing otherwise. All are read-only counts, scoped to the backend except the
 * semaphore check (semaphores are shared per database).
 */
final class DeepHealth {

    private final Backend backend;
    private final BackendContext context;
    private final BackendProperties properties;
    private final Instant now;
    private final Instant liveCutoff;
    private final Duration longTransaction;

    DeepHealth(Backend backend, BackendProperties properties, Instant now, Instant liveCutoff, Duration longTransaction) {
        this.backend = backend;
        this.context = backend.context();
        this.properties = properties;
        this.now = now;
        this.liveCutoff = liveCutoff;
        this.longTransaction = longTransaction;
    }

    List<String> problems(List<SnapshotReader.ProcessInfo> liveProcesses) {
        List<String> problems = new ArrayList<>();
        long otherProtocol = liveProcesses.stream().filter(p -> {
            JsonNode protocol = p.metadata().get("rollout_protocol");
            return protocol == null || !protocol.isNumber() || protocol.asInt() != 1;
        }).count();
        add(problems, otherProtocol, "live process(es) with a rollout protocol other than 1");
        add(problems, backend.stats().total(JobState.INVALID), "job(s) in an invalid execution state");
        context.db.read(connection -> {
            checks(connection, problems);
            return null;
        });
        if (context.dialect.name().equals("postgresql")) {
            postgres(problems);
        }
        return problems;
    }

    private void checks(Connection connection, List<String> problems) throws SQLException {
        String alias = context.alias;
        add(problems, count(connection, "SELECT COUNT(*) FROM " + JOBS + " WHERE backend_alias = ? AND ("
                        + "concurrency_limit IS NOT NULL OR concurrency_duration IS NOT NULL OR concurrency_on_conflict IS NOT NULL)"
                        + " AND NOT (concurrency_key IS NOT NULL AND concurrency_key <> '' AND concurrency_limit >= 1"
                        + " AND concurrency_duration >= 1 AND concurrency_on_conflict IN ('block', 'discard'))", alias),
                "job(s) with an invalid concurrency policy");
        for (String[] table : new String[][] {{READY, "ready"}, {SCHEDULED, "scheduled"}, {BLOCKED, "blocked"}}) {
            add(problems, count(connection, "SELECT COUNT(*) FROM " + table[0] + " x JOIN " + JOBS + " j ON j.id = x.job_id"
                            + " WHERE (x.backend_alias = ? OR j.backend_alias = ?)"
                            + " AND (x.backend_alias <> j.backend_alias OR x.queue_name <> j.queue_name)", alias, alias),
                    table[1] + " row(s) whose backend or queue differs from their job's");
        }
        add(problems, count(connection, "SELECT COUNT(*) FROM " + CLAIMED + " c JOIN " + JOBS + " j ON j.id = c.job_id"
                        + " LEFT JOIN " + PROCESSES + " p ON p.id = c.process_id WHERE j.backend_alias = ? AND p.id IS NULL", alias),
                "claimed row(s) whose process is missing");
        add(problems, countAt(connection, "SELECT COUNT(*) FROM " + CLAIMED + " c JOIN " + JOBS + " j ON j.id = c.job_id"
                        + " JOIN " + PROCESSES + " p ON p.id = c.process_id WHERE j.backend_alias = ?"
                        + " AND p.backend_alias = j.backend_alias AND p.last_heartbeat_at < ?", liveCutoff),
                "claimed row(s) whose process is stale");
        add(problems, count(connection, "SELECT COUNT(*) FROM " + CLAIMED + " c JOIN " + JOBS + " j ON j.id = c.job_id"
                        + " JOIN " + PROCESSES + " p ON p.id = c.process_id WHERE j.backend_alias = ?"
                        + " AND p.backend_alias <> j.backend_alias", alias),
                "claimed row(s) held by a process of another backend");
        add(problems, countAt(connection, "SELECT COUNT(*) FROM " + RECURRING_EXECUTIONS + " e WHERE e.backend_alias = ?"
                        + " AND e.job_id IS NULL AND e.created_at < ?", liveCutoff),
                "recurring reservation(s) without a job");
        add(problems, count(connection, "SELECT COUNT(*) FROM " + RECURRING_EXECUTIONS + " e JOIN " + JOBS
                        + " j ON j.id = e.job_id WHERE e.backend_alias = ? AND (j.backend_alias <> e.backend_alias"
                        + " OR e.job_id <> e.intended_job_id)", alias),
                "recurring reservation(s) whose job belongs to another backend or is not the intended one");
        String limit = context.dialect.quote("limit");
        add(problems, count(connection, "SELECT COUNT(*) FROM " + SEMAPHORES + " WHERE " + limit + " < 1 OR value < 0"
                        + " OR value > " + limit + " OR active_count < 0"),
                "semaphore(s) with impossible counts (limit < 1, value < 0, value > limit or active_count < 0)");
        if (properties.clearFailedJobsAfter() != null) {
            add(problems, countAt(connection, "SELECT COUNT(*) FROM " + FAILED + " f JOIN " + JOBS + " j ON j.id = f.job_id"
                            + " WHERE j.backend_alias = ? AND f.created_at < ?", now.minus(properties.clearFailedJobsAfter())),
                    "failed job(s) older than clear-failed-jobs-after (" + properties.clearFailedJobsAfter().toSeconds()
                            + "s); run jqueue:prune");
        }
    }

    /**
     * PostgreSQL: queue tables with at least 10,000 dead tuples and a dead ratio of 0.2 or more
     * (top five), sessions pinning xmin with a transaction older than the threshold, other
     * transactions older than it, inactive replication slots holding an xmin, and prepared
     * transactions older than the threshold. A failed read is itself a problem.
     */
    private void postgres(List<String> problems) {
        PostgresDiagnostics diagnostics = PostgresDiagnostics.read(context.db, longTransaction, 0);
        if (diagnostics.error() != null) {
            problems.add("PostgreSQL diagnostics could not be read: " + diagnostics.error());
            return;
        }
        long threshold = Math.round(longTransaction.toNanos() / 1e9);
        List<String> tables = diagnostics.queueTables().stream().filter(PostgresDiagnostics.QueueTable::needsVacuum)
                .sorted(Comparator.comparingLong(PostgresDiagnostics.QueueTable::deadTuples).reversed()).limit(5)
                .map(t -> t.table() + " (" + t.deadTuples() + " dead tuples, " + Math.round(100 * t.deadRatio()) + "%)")
                .toList();
        if (!tables.isEmpty()) {
            problems.add("PostgreSQL queue tables with many dead tuples: " + String.join(", ", tables)
                    + "; see jqueue:postgres-autovacuum");
        }
        List<PostgresDiagnostics.Session> pins = diagnostics.longXminPins();
        if (!pins.isEmpty()) {
            problems.add(pins.size() + " PostgreSQL session(s) pinning xmin with a transaction open for more than "
                    + threshold + "s, so vacuum cannot remove dead queue rows: " + sessions(pins));
        }
        List<PostgresDiagnostics.Session> longOnes = diagnostics.otherLongTransactions();
        if (!longOnes.isEmpty()) {
            problems.add(longOnes.size() + " other PostgreSQL transaction(s) open for more than " + threshold + "s: "
                    + sessions(longOnes));
        }
        List<PostgresDiagnostics.ReplicationSlot> slots = diagnostics.idleSlotsPinningXmin();
        if (!slots.isEmpty()) {
            problems.add(slots.size() + " inactive replication slot(s) pinning xmin: " + slots.stream()
                    .map(slot -> slot.name() + " (" + slot.type() + ")").collect(Collectors.joining(", ")));
        }
        List<PostgresDiagnostics.PreparedTransaction> prepared = diagnostics.oldPreparedTransactions();
        if (!prepared.isEmpty()) {
            problems.add(prepared.size() + " prepared transaction(s) older than " + threshold + "s (they pin xmin "
                    + "until COMMIT PREPARED or ROLLBACK PREPARED): " + prepared.stream().limit(5)
                    .map(p -> "'" + p.gid() + "' (" + Math.round(p.ageSeconds()) + "s)").collect(Collectors.joining(", ")));
        }
    }

    /** The first five sessions: pid, state, age and application. */
    private static String sessions(List<PostgresDiagnostics.Session> sessions) {
        String listed = sessions.stream().limit(5).map(s -> "pid " + s.pid() + " (" + s.state() + ", "
                        + Math.round(s.ageSeconds()) + "s" + (s.applicationName() == null || s.applicationName().isEmpty()
                        ? "" : ", " + s.applicationName()) + ")")
                .collect(Collectors.joining(", "));
        return sessions.size() > 5 ? listed + ", …" : listed;
    }

    private static void add(List<String> problems, long count, String what) {
        if (count > 0) {
            problems.add(count + " " + what);
        }
    }

    private long count(Connection connection, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long countAt(Connection connection, String sql, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, context.alias);
            context.dialect.setInstant(ps, 2, at);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
