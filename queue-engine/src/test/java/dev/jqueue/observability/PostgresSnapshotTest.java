package dev.jqueue.observability;

import static org.assertj.core.api.Assertions.assertThat;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.testing.LimitedTasks;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestSql;
import dev.jqueue.testing.TestTasks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The snapshot contract on PostgreSQL, plus what only PostgreSQL has: the diagnostics of
 * stats.json (sessions pinning xmin, replication slots) and how a failure to read them is reported.
 */
class PostgresSnapshotTest extends SnapshotContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Test
    void statsJsonCarriesPostgresDiagnosticsWithSessionsPinningXmin() throws Exception {
        assertThat(observability.snapshot("default").postgresDiagnostics()).as("metrics and health do not read them").isNull();
        try (Connection pinning = DriverManager.getConnection(dataSource.getJdbcUrl(), "postgres", "")) {
            try (Statement statement = pinning.createStatement()) {
                statement.execute("SET application_name = 'jqueue-pinning-probe'");
            }
            pinning.setAutoCommit(false);
            pinning.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = pinning.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM jqueue_jobs").close(); // takes the snapshot: pins xmin
            }
            int pinningPid = pid(pinning);

            JsonNode diagnostics = diagnostics();
            assertThat(diagnostics.propertyNames()).containsExactly("queue_tables", "xmin_activity", "replication_slots",
                    "prepared_transactions", "long_transaction_threshold_seconds", "captured_at");
            assertThat(diagnostics.get("long_transaction_threshold_seconds").asDouble()).isEqualTo(300.0);
            assertThat(Instant.parse(diagnostics.get("captured_at").asString())).isCloseTo(Instant.now(),
                    org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
            List<String> tables = new java.util.ArrayList<>();
            diagnostics.get("queue_tables").forEach(t -> tables.add(t.get("table").asString()));
            assertThat(tables).contains("jqueue_jobs", "jqueue_ready_executions", "jqueue_claimed_executions",
                    "jqueue_failed_executions", "jqueue_recurring_executions");
            assertThat(diagnostics.get("queue_tables").get(0).propertyNames()).containsExactly("table", "live_tuples",
                    "dead_tuples", "dead_ratio", "needs_vacuum", "last_vacuum", "last_autovacuum");

            JsonNode probe = null;
            for (JsonNode session : diagnostics.get("xmin_activity")) {
                if (session.get("pid").asInt() == pinningPid) {
                    probe = session;
                }
            }
            assertThat(probe).as("the open repeatable-read transaction is listed").isNotNull();
            assertThat(probe.propertyNames()).containsExactly("pid", "user", "application_name", "backend_type", "state",
                    "transaction_started_at", "transaction_age_seconds", "xmin_age", "pins_xmin", "long_running");
            assertThat(probe.get("application_name").asString()).isEqualTo("jqueue-pinning-probe");
            assertThat(probe.get("state").asString()).isEqualTo("idle in transaction");
            assertThat(probe.get("pins_xmin").asBoolean()).isTrue();
            assertThat(probe.get("long_running").asBoolean()).as("younger than 300 s").isFalse();
            assertThat(probe.get("xmin_age").isNumber()).isTrue();
            assertThat(diagnostics.get("prepared_transactions").isArray()).isTrue();
            pinning.rollback();
        }
    }

    /**
     * A physical slot (no {@code wal_level=logical} needed) owned by a session of its own; where
     * the server or role refuses one the test is skipped with the reason, or fails where databases
     * are required (CI). The slot is dropped afterwards either way.
     */
    @Test
    void statsJsonListsAReplicationSlot() throws Exception {
        String slot = "jqueue_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection slotOwner = DriverManager.getConnection(dataSource.getJdbcUrl(), "postgres", "")) {
            String refused = createTemporarySlot(slotOwner, slot);
            if (refused != null) {
                String reason = "no replication slot could be created on " + dataSource.getJdbcUrl() + ": " + refused;
                if (TestDatabase.databasesRequired()) {
                    org.junit.jupiter.api.Assertions.fail(reason + " (JQUEUE_TEST_DATABASES=require)");
                }
                System.out.println("[jqueue tests] skipping the replication slot check: " + reason);
                org.junit.jupiter.api.Assumptions.abort(reason);
            }
            try {
                JsonNode listed = null;
                for (JsonNode s : diagnostics().get("replication_slots")) {
                    if (s.get("slot_name").asString().equals(slot)) {
                        listed = s;
                    }
                }
                assertThat(listed).as("the physical slot is listed").isNotNull();
                assertThat(listed.get("slot_type").asString()).isEqualTo("physical");
                assertThat(listed.get("pins_xmin").asBoolean()).as("no standby feedback: no xmin").isFalse();
                assertThat(listed.get("xmin_age").isNull()).isTrue();
            } finally {
                dropSlot(slotOwner, slot);
            }
        }
        assertThat(TestSql.count(dataSource, "SELECT COUNT(*) FROM pg_replication_slots WHERE slot_name = ?", slot))
                .as("the slot is gone").isZero();
    }

    private JsonNode diagnostics() throws Exception {
        return json.readTree(observability.statsJson()).get("backends").get(0).get("postgres_diagnostics");
    }

    @Test
    void aDatabaseErrorInTheDiagnosticsBecomesTheirErrorAndTheRestOfStatsStays() throws Exception {
        // A DataSource whose connections misname one statistics view: PostgreSQL itself refuses the query.
        DataSource broken = RewritingDataSource.of(dataSource, "pg_prepared_xacts", "pg_prepared_xacts_missing");
        Backend onBroken = BackendBuilder.on(broken).migrate(false).clock(clock).tasks(new TestTasks(), new LimitedTasks())
                .build();
        Backends brokenBackends = new Backends();
        brokenBackends.add(onBroken, BackendProperties.defaults());
        JsonNode entry = json.readTree(new JQueueObservability(brokenBackends, json).statsJson()).get("backends").get(0);
        assertThat(entry.get("queues").size()).as("the snapshot itself is unaffected").isEqualTo(6);
        JsonNode diagnostics = entry.get("postgres_diagnostics");
        assertThat(diagnostics.propertyNames()).containsExactly("error");
        assertThat(diagnostics.get("error").asString()).contains("pg_prepared_xacts_missing").contains("does not exist");
    }

    static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * A temporary physical slot (dropped with its session at the latest); returns null, or why
     * the server refused it (no replication slots configured, a role without REPLICATION …).
     */
    static String createTemporarySlot(Connection connection, String name) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_create_physical_replication_slot(?, false, true)")) {
            ps.setString(1, name);
            ps.executeQuery().close();
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    static void dropSlot(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                + "FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        }
    }
}
