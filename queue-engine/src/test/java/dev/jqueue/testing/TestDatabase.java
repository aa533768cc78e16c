package dev.jqueue.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.schema.SchemaMigrator;
import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.Dialects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real databases the contract suite runs on. PostgreSQL and MariaDB are the services on
 * 127.0.0.1 (database {@code jqueue_test}, created if missing); SQLite is a file under target/.
 *
 * <p>When a server is unreachable the suite skips with the reason, unless
 * {@code JQUEUE_TEST_DATABASES=require} is set in the environment (CI sets it) or
 * {@code -Djqueue.test.databases=require} is given: then it fails.
 */
public enum TestDatabase {
    POSTGRES("jdbc:postgresql://127.0.0.1:5432/", "postgres", databaseName()),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/", "root", databaseName()),
    SQLITE("jdbc:sqlite:", null, null);

    private static final List<String> TABLES = List.of("jqueue_audit_events", "jqueue_recurring_executions",
            "jqueue_recurring_tasks", "jqueue_pauses", "jqueue_semaphores", "jqueue_failed_executions",
            "jqueue_blocked_executions", "jqueue_claimed_executions", "jqueue_scheduled_executions",
            "jqueue_ready_executions", "jqueue_jobs", "jqueue_processes");
    private static final Map<TestDatabase, HikariDataSource> POOLS = new ConcurrentHashMap<>();

    private final String baseUrl;
    private final String user;
    private final String database;

    TestDatabase(String baseUrl, String user, String database) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.database = database;
    }

    /** {@code jqueue_test}, or {@code -Djqueue.test.database=...} to keep parallel runs apart. */
    private static String databaseName() {
        return System.getProperty("jqueue.test.database", "jqueue_test");
    }

    public static boolean databasesRequired() {
        String setting = System.getProperty("jqueue.test.databases", System.getenv("JQUEUE_TEST_DATABASES"));
        return "require".equalsIgnoreCase(setting);
    }

    public boolean concurrentWriters() {
        return this != SQLITE;
    }

    /** A pooled DataSource on a migrated, empty schema (skips or fails if the server is down). */
    public HikariDataSource dataSource() {
        HikariDataSource pool = POOLS.computeIfAbsent(this, TestDatabase::open);
        truncate(pool);
        return pool;
    }

    private HikariDataSource open() {
        String url;
        if (this == SQLITE) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "sqlite"));
                Path file = dir.resolve("contract-" + ProcessHandle.current().pid() + ".db");
                Files.deleteIfExists(file);
                url = baseUrl + file.toAbsolutePath();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            ensureDatabase();
            url = baseUrl + database;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
            config.setPassword("");
        }
        config.setMaximumPoolSize(this == SQLITE ? 4 : 24);
        config.setPoolName("test-" + name().toLowerCase());
        HikariDataSource pool = new HikariDataSource(config);
        Dialect dialect = Dialects.detect(pool);
        SchemaMigrator.migrate(name(), pool, dialect);
        return pool;
    }

    private void ensureDatabase() {
        String adminUrl = this == POSTGRES ? baseUrl + "postgres" : baseUrl;
        try (Connection connection = DriverManager.getConnection(adminUrl, user, "");
             Statement statement = connection.createStatement()) {
            if (this == POSTGRES) {
                var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            } else {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + database);
            }
        } catch (SQLException e) {
            String reason = name() + " is not reachable at " + baseUrl + " (" + e.getMessage()
                    + "); start it with: sudo bash ../shared/tools/start-databases.sh";
            if (databasesRequired()) {
                Assertions.fail("required database missing: " + reason);
            }
            System.out.println("[jqueue tests] skipping " + name() + ": " + reason);
            Assumptions.abort(reason);
        }
    }

    private void truncate(HikariDataSource pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            switch (this) {
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
            throw new IllegalStateException("could not reset " + name() + ": " + e.getMessage(), e);
        }
    }
}
