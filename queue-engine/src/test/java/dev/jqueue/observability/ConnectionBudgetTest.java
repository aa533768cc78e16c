package dev.jqueue.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.JQueueAutoConfiguration;
import dev.jqueue.config.RuntimeMode;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * {@code connection_budget.warning} on a real PostgreSQL: the worker count that crosses 75 % of
 * {@code max_connections - superuser_reserved_connections} is computed from the server's own
 * settings; one worker fewer stays quiet. The auto-configuration runs the check where a
 * supervisor starts.
 */
class ConnectionBudgetTest {

    private final Logger events = (Logger) LoggerFactory.getLogger("dev.jqueue.events");
    private final PollLoggingTest.EventList appender = new PollLoggingTest.EventList();
    private boolean previousAdditive;
    private HikariDataSource dataSource;
    private Backend backend;
    private int maxConnections;
    private int reserved;

    @BeforeEach
    void setUp() throws SQLException {
        dataSource = TestDatabase.POSTGRES.dataSource();
        backend = BackendBuilder.on(dataSource).migrate(false).tasks(new TestTasks()).build();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            maxConnections = show(statement, "max_connections");
            reserved = show(statement, "superuser_reserved_connections");
        }
        appender.start();
        previousAdditive = events.isAdditive();
        events.setAdditive(false);
        events.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        events.detachAppender(appender);
        events.setAdditive(previousAdditive);
    }

    private static int show(Statement statement, String name) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    private static BackendProperties workers(int count, boolean listen) {
        WorkerProperties worker = new WorkerProperties(List.of("*"), 3, 1, Duration.ofSeconds(1), 2, false);
        return BackendProperties.defaults().withWorkers(Collections.nCopies(count, worker))
                .withDispatchers(List.of(DispatcherProperties.defaults()))
                .withRetention(null, null, null) // no cleanup: no scheduler
                .withListenNotify(listen);
    }

    private List<Map<String, Object>> warnings() {
        return appender.list.stream().filter(e -> e.getKeyValuePairs() != null).map(e -> {
            Map<String, Object> pairs = new HashMap<>();
            e.getKeyValuePairs().forEach(kv -> pairs.put(kv.key, kv.value));
            pairs.put("level", e.getLevel());
            pairs.put("message", e.getFormattedMessage());
            return pairs;
        }).filter(pairs -> "connection_budget.warning".equals(pairs.get("event"))).toList();
    }

    @Test
    void warnsFromTheWorkerCountThatReaches75PercentOfTheUsableConnections() {
        int usable = maxConnections - reserved;
        // workers x 3 (claims, completions, LISTEN) + 1 dispatcher + 1 >= 0.75 x usable
        int crossing = (int) Math.ceil((0.75 * usable - 2) / 3);

        Optional<ConnectionBudget.Estimate> below = ConnectionBudget.check(backend, workers(crossing - 1, true), false, false);
        assertThat(below).hasValueSatisfying(e -> {
            assertThat(e.estimated()).isEqualTo((crossing - 1) * 3 + 2);
            assertThat(e.maxConnections()).isEqualTo(maxConnections);
            assertThat(e.superuserReserved()).isEqualTo(reserved);
            assertThat(e.warning()).isFalse();
        });
        assertThat(warnings()).isEmpty();

        ConnectionBudget.Estimate at = ConnectionBudget.check(backend, workers(crossing, true), false, false).orElseThrow();
        assertThat(at.estimated()).isEqualTo(crossing * 3 + 2).isGreaterThanOrEqualTo((int) Math.ceil(0.75 * usable));
        assertThat(at.workers()).isEqualTo(crossing);
        assertThat(at.listen()).isEqualTo(1);
        assertThat(at.dispatchers()).isEqualTo(1);
        assertThat(at.scheduler()).isZero();
        assertThat(warnings()).singleElement().satisfies(w -> {
            assertThat(w).containsEntry("level", Level.WARN).containsEntry("backend", "default")
                    .containsEntry("estimated_connections", crossing * 3 + 2)
                    .containsEntry("usable_connections", usable)
                    .containsEntry("max_connections", maxConnections)
                    .containsEntry("superuser_reserved_connections", reserved)
                    .containsEntry("workers", crossing).containsEntry("listen", true);
            assertThat((String) w.get("message")).startsWith("connection_budget.warning: jqueue backend 'default' may hold "
                    + (crossing * 3 + 2) + " PostgreSQL connections (" + crossing + " worker(s) x 3 + 1 dispatcher(s) + 0 "
                    + "scheduler + 1)").contains("(max_connections " + maxConnections + " - superuser_reserved_connections "
                    + reserved + ")");
        });
    }

    @Test
    void theEstimateCountsListenOnlyWhenOnAndLeavesOutWhatDoesNotRun() {
        BackendProperties props = workers(4, false)
                .withScheduler(new SchedulerProperties(true, Duration.ofSeconds(5)), Map.of());
        assertThat(ConnectionBudget.check(backend, props, false, false).orElseThrow().estimated())
                .as("4 workers, no LISTEN, 1 dispatcher, 1 scheduler, 1").isEqualTo(4 * 2 + 1 + 1 + 1);
        assertThat(ConnectionBudget.estimate("b", workers(4, true), true, false, true, 100, 3).estimated())
                .as("--only-work: no dispatcher").isEqualTo(4 * 3 + 1);
        assertThat(ConnectionBudget.estimate("b", workers(4, true), false, true, true, 100, 3).estimated())
                .as("--only-dispatch: no worker").isEqualTo(1 + 1);
        assertThat(ConnectionBudget.estimate("b", workers(4, true), false, false, false, 100, 3).listen())
                .as("LISTEN only on PostgreSQL").isZero();
        BackendProperties fork = new BackendProperties(RuntimeMode.FORK,
                List.of(new WorkerProperties(List.of("*"), 3, 3, Duration.ofSeconds(1), 2, false)), null, null, null, true,
                false, Duration.ofSeconds(60), Duration.ofSeconds(300), Duration.ofSeconds(5), null, null,
                Duration.ofSeconds(180), true, true, null, Duration.ofSeconds(60), null, null, null, true);
        assertThat(ConnectionBudget.estimate("b", fork, false, false, true, 100, 3).workers())
                .as("fork mode: one per worker process").isEqualTo(3);
        assertThat(ConnectionBudget.check(BackendBuilder.on(TestDatabase.SQLITE.dataSource()).migrate(false).build(),
                workers(500, true), false, false)).as("not PostgreSQL: no check").isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Configuration
    static class OnPostgres {
        @Bean
        DataSource dataSource() {
            // not the pool itself: closing the context must not close the suite's shared pool
            return new DelegatingDataSource(TestDatabase.POSTGRES.dataSource());
        }

        @Bean
        TestTasks testTasks() {
            return new TestTasks();
        }
    }

    @Test
    void theAutoConfigurationChecksWhereASupervisorStartsAndNowhereElse() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JQueueAutoConfiguration.class,
                        JQueueObservabilityAutoConfiguration.class))
                .withUserConfiguration(OnPostgres.class)
                .withPropertyValues("jqueue.backends.default.workers[0].threads=1");
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConnectionBudgetCheck.class));
        runner.withPropertyValues("jqueue.embedded.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            ConnectionBudget.Estimate estimate = context.getBean(ConnectionBudgetCheck.class).estimate().orElseThrow();
            assertThat(estimate.maxConnections()).isEqualTo(maxConnections);
            assertThat(estimate.superuserReserved()).isEqualTo(reserved);
            assertThat(estimate.workers()).isEqualTo(1);
            assertThat(estimate.estimated()).isEqualTo(1 * 3 + 1 + estimate.scheduler() + 1);
            assertThat(estimate.warning()).isFalse();
        });
        assertThat(warnings()).isEmpty();
    }
}
