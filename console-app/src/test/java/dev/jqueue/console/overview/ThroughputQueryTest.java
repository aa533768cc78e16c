package dev.jqueue.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueueTask;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.console.ui.SvgChart.Point;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-minute finished and failed counts on SQLite and on the PostgreSQL and MariaDB services
 * of the machine (database {@code <jqueue.test.database>_overview}; skipped with the reason when a
 * server is down, unless {@code -Djqueue.test.databases=require}): same SQL everywhere, times bound
 * through each dialect, other backends' jobs left out.
 */
class ThroughputQueryTest {

    enum Db {
        SQLITE, POSTGRES, MARIADB
    }

    private static final Instant NOON = Instant.parse("2026-05-01T12:00:00Z");
    private static final List<String> TABLES = List.of("jqueue_audit_events", "jqueue_recurring_executions",
            "jqueue_recurring_tasks", "jqueue_pauses", "jqueue_semaphores", "jqueue_failed_executions",
            "jqueue_blocked_executions", "jqueue_claimed_executions", "jqueue_scheduled_executions",
            "jqueue_ready_executions", "jqueue_jobs", "jqueue_processes");
    private static final Map<Db, HikariDataSource> POOLS = new EnumMap<>(Db.class);

    public static class Work {
        @JQueueTask(name = "throughput.work")
        public String work(int n) {
            return "done " + n;
        }
    }

    /** A clock the test sets. */
    static final class SetClock extends Clock {
        Instant now = NOON;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @AfterAll
    static void closePools() {
        POOLS.values().forEach(HikariDataSource::close);
        POOLS.clear();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void countsFinishedAndFailedJobsPerMinuteOfOneBackend(Db db) {
        HikariDataSource pool = POOLS.computeIfAbsent(db, ThroughputQueryTest::open);
        truncate(db, pool);
        SetClock clock = new SetClock();
        Backend backend = BackendBuilder.on(pool).migrate(true).clock(clock).tasks(new Work()).build();
        Backend other = BackendBuilder.on(pool).alias("other").clock(clock).tasks(new Work()).build();

        clock.now = NOON.plusSeconds(30);
        run(backend, 3, 2);  // 12:00:30 — two finish, one fails
        run(other, 4, 4);    // another backend on the same tables: not counted
        clock.now = NOON.plusSeconds(2 * 60 + 10);
        run(backend, 1, 1);  // 12:02:10 — one finishes

        Throughput window = ThroughputQuery.read(backend.context(), NOON, NOON.plusSeconds(180));
        assertThat(window.finished()).extracting(Point::value).containsExactly(2.0, 0.0, 1.0);
        assertThat(window.failed()).extracting(Point::value).containsExactly(1.0, 0.0, 0.0);
        assertThat(window.finished()).extracting(Point::at)
                .containsExactly(NOON, NOON.plusSeconds(60), NOON.plusSeconds(120));
        assertThat(window.totalFinished()).isEqualTo(3);
        assertThat(window.totalFailed()).isEqualTo(1);

        // The last hour, in whole minutes up to the current one (12:02 → 11:03 .. 12:03).
        Backends backends = new Backends();
        backends.add(backend, BackendProperties.defaults());
        Throughput hour = new ThroughputQuery(backends).lastHour("default");
        assertThat(hour.to()).isEqualTo(NOON.plusSeconds(180));
        assertThat(hour.from()).isEqualTo(NOON.minusSeconds(57 * 60));
        assertThat(hour.finished()).hasSize(60);
        assertThat(hour.totalFinished()).isEqualTo(3);
        assertThat(hour.finished().get(57).value()).isEqualTo(2.0);
        assertThat(hour.failed().get(57).value()).isEqualTo(1.0);
    }

    /** Enqueues {@code n} jobs, claims them, finishes {@code finish} and fails the rest. */
    private static void run(Backend backend, int n, int finish) {
        for (int i = 0; i < n; i++) {
            backend.enqueue(EnqueueOptions.onQueue("throughput"), "throughput.work", i);
        }
        List<Job> claimed = backend.claim.claim(null, QueueSelector.ALL, n);
        assertThat(claimed).hasSize(n);
        backend.completion.complete(claimed.subList(0, finish).stream()
                .map(job -> new ClaimedExecution.Completion(job.id(), "\"ok\"")).toList());
        for (Job job : claimed.subList(finish, n)) {
            backend.completion.failWith(job.id(), new IllegalStateException("broken"));
        }
    }

    // ------------------------------------------------------------------ databases

    private static String databaseName() {
        return System.getProperty("jqueue.test.database", "jqueue_test") + "_overview";
    }

    private static HikariDataSource open(Db db) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(4);
        config.setPoolName("throughput-" + db.name().toLowerCase());
        switch (db) {
            case SQLITE -> {
                try {
                    Path dir = Files.createDirectories(Path.of("target", "test-data", "throughput"));
                    for (String file : List.of("throughput.db", "throughput.db-wal", "throughput.db-shm")) {
                        Files.deleteIfExists(dir.resolve(file));
                    }
                    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("throughput.db").toAbsolutePath());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            case POSTGRES -> {
                ensureDatabase(db, "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres");
                config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/" + databaseName());
                config.setUsername("postgres");
                config.setPassword("");
            }
            case MARIADB -> {
                ensureDatabase(db, "jdbc:mariadb://127.0.0.1:3306/", "root");
                config.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/" + databaseName());
                config.setUsername("root");
                config.setPassword("");
            }
        }
        return new HikariDataSource(config);
    }

    private static void ensureDatabase(Db db, String adminUrl, String user) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, "");
             Statement statement = connection.createStatement()) {
            if (db == Db.POSTGRES) {
                var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + databaseName() + "'");
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + databaseName());
                }
            } else {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + databaseName());
            }
        } catch (SQLException e) {
            String reason = db + " is not reachable at " + adminUrl + " (" + e.getMessage() + ")";
            if ("require".equalsIgnoreCase(System.getProperty("jqueue.test.databases", System.getenv("JQUEUE_TEST_DATABASES")))) {
                Assertions.fail("required database missing: " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    private static void truncate(Db db, HikariDataSource pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            if (!connection.getMetaData().getTables(connection.getCatalog(), null, "jqueue_jobs", null).next()) {
                return;
            }
            switch (db) {
                case POSTGRES -> statement.execute("TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY CASCADE");
                case MARIADB -> {
                    statement.execute("SET FOREIGN_KEY_CHECKS = 0");
                    for (String table : TABLES) {
                        statement.execute("TRUNCATE TABLE " + table);
                    }
                    statement.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
                case SQLITE -> {
                    statement.execute("PRAGMA foreign_keys = OFF");
                    for (String table : TABLES) {
                        statement.execute("DELETE FROM " + table);
                    }
                    statement.execute("PRAGMA foreign_keys = ON");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
