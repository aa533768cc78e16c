package dev.jqueue.observability.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.observability.postgres.HealthFinding.Severity;
import dev.jqueue.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL health findings against the real server: what it sees, and the advice it gives. */
class PostgresHealthTest {

    HikariDataSource dataSource;
    Backend backend;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabase.POSTGRES.dataSource();
        backend = BackendBuilder.on(dataSource).migrate(false).build();
    }

    @AfterEach
    void resetTables() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE jqueue_jobs RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, "
                    + "autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)");
        }
    }

    @Test
    void theServersAutovacuumSwitchAndTheUntunedTablesAreFindings() throws Exception {
        boolean serverAutovacuum;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW autovacuum")) {
            rs.next();
            serverAutovacuum = rs.getString(1).equals("on");
        }
        PostgresHealth health = PostgresHealth.read(backend, Duration.ofMinutes(5));
        assertThat(health.autovacuumOn()).isEqualTo(serverAutovacuum);
        assertThat(health.findings().stream().anyMatch(f -> f.severity() == Severity.CRITICAL && f.subject().equals("server")))
                .as("autovacuum off is critical, and only then").isEqualTo(!serverAutovacuum);
        assertThat(health.tunedTables()).containsKeys("jqueue_jobs", "jqueue_ready_executions", "jqueue_recurring_executions");
        assertThat(health.tunedTables().get("jqueue_jobs")).isFalse();
        assertThat(untuned(health)).contains("jqueue_jobs");
        assertThat(health.advice()).hasSize(7).allMatch(s -> s.startsWith("ALTER TABLE jqueue_"));

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(health.advice().getFirst()); // the jobs table's statement, as a DBA would run it
        }
        PostgresHealth tuned = PostgresHealth.read(backend, Duration.ofMinutes(5));
        assertThat(tuned.tunedTables().get("jqueue_jobs")).isTrue();
        assertThat(untuned(tuned)).doesNotContain("jqueue_jobs").contains("jqueue_ready_executions");
    }

    @Test
    void aSessionPinningXminIsCriticalAndNamesTheStatementThatEndsIt() throws Exception {
        try (Connection pinning = DriverManager.getConnection(dataSource.getJdbcUrl(), "postgres", "")) {
            pinning.setAutoCommit(false);
            pinning.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            int pid;
            try (Statement statement = pinning.createStatement()) {
                statement.execute("SET application_name = 'health-probe'");
                try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid() FROM jqueue_jobs LIMIT 1")) {
                    rs.next();
                }
                try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getInt(1);
                }
            }
            Thread.sleep(1200);
            PostgresHealth health = PostgresHealth.read(backend, Duration.ofSeconds(1));
            HealthFinding pin = health.findings().stream().filter(f -> f.subject().equals("pid " + pid)).findFirst()
                    .orElseThrow(() -> new AssertionError("no finding for pid " + pid + ": " + health.findings()));
            assertThat(pin.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(pin.summary()).contains("health-probe").contains("holds back the xmin horizon");
            assertThat(pin.advice()).contains("SELECT pg_terminate_backend(" + pid + ");");
            assertThat(health.findings().getFirst().severity()).as("worst first").isEqualTo(Severity.CRITICAL);
            pinning.rollback();
        }
        PostgresHealth after = PostgresHealth.read(backend, Duration.ofSeconds(1));
        assertThat(after.findings()).noneMatch(f -> f.subject().startsWith("pid ") && f.summary().contains("health-probe"));
    }

    private static List<String> untuned(PostgresHealth health) {
        return health.findings().stream().filter(f -> f.summary().contains("default autovacuum thresholds"))
                .flatMap(f -> List.of(f.subject().split(", ")).stream()).toList();
    }
}
