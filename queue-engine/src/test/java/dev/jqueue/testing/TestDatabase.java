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
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real databases the contract suites run on, and how each is reached.
 *
 * <ul>
 * <li>{@link #POSTGRES} and {@link #MARIADB}: the services on 127.0.0.1 (database
 *     {@code jqueue_test}, created if missing); when none answers and a Docker engine is
 *     available, a Testcontainers container instead.</li>
 * <li>{@link #MARIADB_VIA_CONNECTOR_J}: the same MariaDB through MySQL Connector/J with a
 *     {@code jdbc:mysql:} URL, in its own database ({@code jqueue_test_cj}) and with MySQL 8's
 *     default {@code sql_mode} (ONLY_FULL_GROUP_BY …): the MySQL check that runs everywhere.</li>
 * <li>{@link #MYSQL_80} and {@link #MYSQL_84}: MySQL itself, only in a Testcontainers container
 *     (their test classes are {@code @Testcontainers(disabledWithoutDocker = true)}).</li>
 * <li>{@link #SQLITE}: a file under target/.</li>
 * </ul>
 *
 * <p>When a server is unreachable the suite skips with the reason, unless
 * {@code JQUEUE_TEST_DATABASES=require} is set in the environment (CI sets it) or
 * {@code -Djqueue.test.databases=require} is given: then it fails. MySQL is the exception: it
 * exists only where Docker does, so without Docker it is skipped even then (and the summary
 * that {@link DatabaseSummaryListener} prints says so). Every outcome is recorded for that summary.
 */
public enum TestDatabase {
    POSTGRES(Family.POSTGRESQL, "PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/", "postgres", "", "postgres:16-alpine"),
    MARIADB(Family.MYSQL, "MariaDB", "jdbc:mariadb://127.0.0.1:3306/", "root", "", "mariadb:10.11"),
    MARIADB_VIA_CONNECTOR_J(Family.MYSQL, "MariaDB through MySQL Connector/J", "jdbc:mysql://127.0.0.1:3306/", "root",
            "_cj", "mariadb:10.11"),
    MYSQL_80(Family.MYSQL, "MySQL 8.0", null, null, "", "mysql:8.0"),
    MYSQL_84(Family.MYSQL, "MySQL 8.4", null, null, "", "mysql:8.4"),
    SQLITE(Family.SQLITE, "SQLite", "jdbc:sqlite:", null, "", null);

    /** The migration family, which decides how a schema is reset. */
    public enum Family { POSTGRESQL, MYSQL, SQLITE }

    /** MySQL 8's default sql_mode: MariaDB's default lacks ONLY_FULL_GROUP_BY, MySQL's has it. */
    static final String MYSQL_8_SQL_MODE = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
            + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    private static final List<String> TABLES = List.of("jqueue_unique_keys", "jqueue_queue_depth_samples",
            "jqueue_audit_events",
            "jqueue_recurring_executions",
            "jqueue_recurring_tasks", "jqueue_pauses", "jqueue_semaphores", "jqueue_failed_executions",
            "jqueue_blocked_executions", "jqueue_claimed_executions", "jqueue_scheduled_executions",
            "jqueue_ready_executions", "jqueue_jobs", "jqueue_processes");
    private static final Map<TestDatabase, HikariDataSource> POOLS = new ConcurrentHashMap<>();

    private final Family family;
    private final String label;
    private final String localUrl;
    private final String user;
    private final String databaseSuffix;
    private final String image;

    TestDatabase(Family family, String label, String localUrl, String user, String databaseSuffix, String image) {
        this.family = family;
        this.label = label;
        this.localUrl = localUrl;
        this.user = user;
        this.databaseSuffix = databaseSuffix;
        this.image = image;
    }

    /** {@code jqueue_test}, or {@code -Djqueue.test.database=...} to keep parallel runs apart. */
    private static String databaseName() {
        return System.getProperty("jqueue.test.database", "jqueue_test");
    }

    public static boolean databasesRequired() {
        String setting = System.getProperty("jqueue.test.databases", System.getenv("JQUEUE_TEST_DATABASES"));
        return "require".equalsIgnoreCase(setting);
    }

    public Family family() {
        return family;
    }

    /** What the summary calls it: "MySQL 8.0", "MariaDB through MySQL Connector/J", … */
    public String label() {
        return label;
    }

    /** Reached only through a Testcontainers container (MySQL: no local server here). */
    public boolean containerOnly() {
        return localUrl == null;
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
        HikariConfig config = new HikariConfig();
        String how;
        if (this == SQLITE) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "sqlite"));
                Path file = dir.resolve("contract-" + ProcessHandle.current().pid() + ".db");
                Files.deleteIfExists(file);
                config.setJdbcUrl(localUrl + file.toAbsolutePath());
                how = "a file under target/sqlite";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            String unreachable = containerOnly() ? null : ensureLocalDatabase();
            if (unreachable == null && !containerOnly()) {
                config.setJdbcUrl(localUrl + databaseName() + databaseSuffix);
                config.setUsername(user);
                config.setPassword("");
                how = "the local server at " + localUrl.replaceFirst("^jdbc:", "");
            } else {
                TestContainers.Endpoint endpoint = container(unreachable);
                config.setJdbcUrl(endpoint.jdbcUrl());
                config.setUsername(endpoint.user());
                config.setPassword(endpoint.password());
                how = "a Testcontainers container (" + image + ")"
                        + (unreachable == null ? "" : " because no local server answered");
            }
        }
        if (this == MARIADB_VIA_CONNECTOR_J) {
            // MySQL 8's default; MariaDB's own default has no ONLY_FULL_GROUP_BY.
            config.setConnectionInitSql("SET SESSION sql_mode = '" + MYSQL_8_SQL_MODE + "'");
        }
        config.setMaximumPoolSize(this == SQLITE ? 4 : 24);
        config.setPoolName("test-" + name().toLowerCase());
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Dialect dialect = Dialects.detect(pool);
            migrate(pool, dialect);
            DatabaseSummary.ran(this, describe(pool, dialect) + ", through " + how);
            return pool;
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Migrates; a database migrated by an older snapshot of an edited V1 (pre-release) fails
     * Flyway's checksum validation, and since this is a test database it is reset and migrated anew.
     */
    private void migrate(HikariDataSource pool, Dialect dialect) {
        try {
            SchemaMigrator.migrate(name(), pool, dialect);
        } catch (FlywayValidateException e) {
            System.out.println("[jqueue tests] " + label + ": the jqueue schema was migrated by an older V1 ("
                    + e.getMessage().lines().findFirst().orElse("") + "); dropping the jqueue tables and migrating again");
            dropQueueTables(pool);
            SchemaMigrator.migrate(name(), pool, dialect);
        }
    }

    private void dropQueueTables(HikariDataSource pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            if (family == Family.MYSQL) {
                statement.execute("SET FOREIGN_KEY_CHECKS = 0");
            }
            for (String table : TABLES) {
                statement.execute("DROP TABLE IF EXISTS " + table + (family == Family.POSTGRESQL ? " CASCADE" : ""));
            }
            statement.execute("DROP TABLE IF EXISTS jqueue_claim_gates"); // MySQL family only (V2); never truncated
            statement.execute("DROP TABLE IF EXISTS " + SchemaMigrator.HISTORY_TABLE);
            if (family == Family.MYSQL) {
                statement.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not reset " + name() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(HikariDataSource pool, Dialect dialect) {
        try (Connection connection = pool.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String jqueueDialect = dialect instanceof dev.jqueue.sql.MySqlDialect ? dialect.toString() : dialect.name();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " (jqueue dialect " + jqueueDialect
                    + ", driver " + meta.getDriverName() + " " + meta.getDriverVersion() + ")";
        } catch (SQLException e) {
            return dialect.name();
        }
    }

    /** Creates the local test database; returns why the server is unreachable, or null. */
    private String ensureLocalDatabase() {
        String database = databaseName() + databaseSuffix;
        String adminUrl = family == Family.POSTGRESQL ? localUrl + "postgres" : localUrl;
        try (Connection connection = DriverManager.getConnection(adminUrl, user, "");
             Statement statement = connection.createStatement()) {
            if (family == Family.POSTGRESQL) {
                var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            } else {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + database);
            }
            return null;
        } catch (SQLException e) {
            return label + " is not reachable at " + localUrl + " (" + e.getMessage() + ")";
        }
    }

    /**
     * A container for this database, or a skip (a failure where databases are required, except
     * for MySQL, which only ever runs in a container) when there is no Docker engine.
     */
    private TestContainers.Endpoint container(String unreachable) {
        if (!TestContainers.dockerAvailable()) {
            String reason = (unreachable == null ? label + " runs only in a Testcontainers container" : unreachable)
                    + ", and no Docker engine is available"
                    + (unreachable == null ? "" : "; start the local server with: sudo bash ../shared/tools/start-databases.sh");
            DatabaseSummary.notRun(this, reason);
            if (databasesRequired() && !containerOnly()) {
                Assertions.fail("required database missing: " + reason);
            }
            System.out.println("[jqueue tests] skipping " + label + ": " + reason);
            Assumptions.abort(reason);
        }
        try {
            return TestContainers.start(this, image);
        } catch (RuntimeException e) {
            String reason = label + ": the " + image + " container did not start (" + e.getMessage() + ")";
            DatabaseSummary.notRun(this, reason);
            if (databasesRequired()) {
                Assertions.fail(reason, e);
            }
            Assumptions.abort(reason);
            throw e;
        }
    }

    private void truncate(HikariDataSource pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            switch (family) {
                case POSTGRESQL -> statement.execute("TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY CASCADE");
                case MYSQL -> {
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
