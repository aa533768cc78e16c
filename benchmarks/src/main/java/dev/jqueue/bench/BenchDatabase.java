package dev.jqueue.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The database a benchmark runs on. PostgreSQL and MariaDB use a dedicated database
 * ({@code jqueue_bench}) that is truncated before every run; SQLite gets a fresh file per run.
 */
final class BenchDatabase {

    /** Every jqueue table, children first (MariaDB truncates them one by one). */
    static final List<String> TABLES = List.of("jqueue_ready_executions", "jqueue_scheduled_executions",
            "jqueue_claimed_executions", "jqueue_blocked_executions", "jqueue_failed_executions",
            "jqueue_recurring_executions", "jqueue_jobs", "jqueue_processes", "jqueue_pauses", "jqueue_semaphores",
            "jqueue_recurring_tasks", "jqueue_audit_events", "jqueue_queue_depth_samples", "jqueue_unique_keys");

    final String kind;
    private final Options options;
    private Path sqliteDir;
    private int sqliteFiles;

    BenchDatabase(Options options) {
        this.kind = options.db;
        this.options = options;
    }

    String url() {
        if (options.url != null) {
            return options.url;
        }
        return switch (kind) {
            case "postgres" -> "jdbc:postgresql://127.0.0.1:5432/jqueue_bench";
            case "mariadb" -> "jdbc:mariadb://127.0.0.1:3306/jqueue_bench";
            default -> "jdbc:sqlite:" + nextSqliteFile();
        };
    }

    private Path nextSqliteFile() {
        try {
            if (sqliteDir == null) {
                sqliteDir = options.sqliteDir != null ? Files.createDirectories(options.sqliteDir)
                        : Files.createTempDirectory("jqueue-bench-");
            }
            Path file = sqliteDir.resolve("bench-" + ProcessHandle.current().pid() + "-" + (++sqliteFiles) + ".db");
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A connection pool for one run. For SQLite every call is a new, empty database file
     * (journal mode as chosen, {@code synchronous=FULL} so every commit is durable).
     */
    HikariDataSource open(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setPoolName("jqueue-bench");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(poolSize, 4));
        switch (kind) {
            case "postgres" -> config.setUsername(options.user != null ? options.user : "postgres");
            case "mariadb" -> config.setUsername(options.user != null ? options.user : "root");
            default -> {
                config.addDataSourceProperty("journal_mode", options.sqliteJournal);
                config.addDataSourceProperty("synchronous", "FULL");
                config.addDataSourceProperty("busy_timeout", "10000");
            }
        }
        if (options.password != null) {
            config.setPassword(options.password);
        } else if (!kind.equals("sqlite")) {
            config.setPassword("");
        }
        return new HikariDataSource(config);
    }

    /**
     * Drops every jqueue table and the schema history (no-op for SQLite: each run has its own
     * file), so the next {@code BackendBuilder.build()} migrates a fresh schema. Dropping, not
     * truncating: PostgreSQL keeps a table's planner statistics across TRUNCATE, and claim plans
     * depend on them, so a truncated table would carry statistics from earlier runs.
     */
    void reset(DataSource dataSource) throws SQLException {
        List<String> all = new java.util.ArrayList<>(TABLES);
        all.add("jqueue_schema_history");
        all.add("jqueue_claim_gates"); // MySQL/MariaDB only (V2); not in TABLES, which ANALYZE names on every database
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            switch (kind) {
                case "postgres" -> s.execute("DROP TABLE IF EXISTS " + String.join(", ", all) + " CASCADE");
                case "mariadb" -> {
                    s.execute("SET FOREIGN_KEY_CHECKS=0");
                    try {
                        s.execute("DROP TABLE IF EXISTS " + String.join(", ", all));
                    } finally {
                        s.execute("SET FOREIGN_KEY_CHECKS=1");
                    }
                }
                default -> {
                }
            }
        }
    }

    /**
     * Refreshes the planner statistics of every jqueue table, as autovacuum (PostgreSQL) or
     * InnoDB's persistent statistics would eventually do on their own.
     */
    void analyze(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            switch (kind) {
                case "postgres" -> s.execute("ANALYZE " + String.join(", ", TABLES));
                case "mariadb" -> s.execute("ANALYZE TABLE " + String.join(", ", TABLES));
                default -> s.execute("ANALYZE");
            }
        }
    }

    /** Version and the settings that decide whether a commit is durable. */
    Map<String, Object> describe(DataSource dataSource) throws SQLException {
        Map<String, Object> info = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            info.put("db_product", c.getMetaData().getDatabaseProductName());
            info.put("jdbc_driver", c.getMetaData().getDriverName() + " " + c.getMetaData().getDriverVersion());
            switch (kind) {
                case "postgres" -> {
                    info.put("db_version", single(s, "SHOW server_version"));
                    info.put("synchronous_commit", single(s, "SHOW synchronous_commit"));
                    info.put("fsync", single(s, "SHOW fsync"));
                    info.put("shared_buffers", single(s, "SHOW shared_buffers"));
                    info.put("autovacuum", single(s, "SHOW autovacuum"));
                }
                case "mariadb" -> {
                    info.put("db_version", single(s, "SELECT VERSION()"));
                    info.put("innodb_flush_log_at_trx_commit", single(s, "SELECT @@innodb_flush_log_at_trx_commit"));
                    info.put("innodb_buffer_pool_size", single(s, "SELECT @@innodb_buffer_pool_size"));
                }
                default -> {
                    info.put("db_version", single(s, "SELECT sqlite_version()"));
                    info.put("journal_mode", single(s, "PRAGMA journal_mode"));
                    info.put("synchronous", single(s, "PRAGMA synchronous"));
                }
            }
        }
        info.put("jdbc_url", dataSourceUrl(dataSource));
        return info;
    }

    private static String dataSourceUrl(DataSource dataSource) {
        return dataSource instanceof HikariDataSource h ? h.getJdbcUrl() : "";
    }

    static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection exclusive;

    /**
     * Makes sure no other benchmark process uses the same database: two harnesses truncating
     * each other's tables produce nonsense (a session-level advisory lock, held until exit).
     */
    void lockExclusively() throws SQLException {
        if (kind.equals("sqlite")) {
            return; // every run has its own file
        }
        String user = options.user != null ? options.user : kind.equals("postgres") ? "postgres" : "root";
        String sql = kind.equals("postgres")
                ? "SELECT pg_try_advisory_lock(hashtext('jqueue-benchmarks:' || current_database()))"
                : "SELECT GET_LOCK(CONCAT('jqueue-benchmarks:', DATABASE()), 0)";
        exclusive = java.sql.DriverManager.getConnection(url(), user, options.password != null ? options.password : "");
        try (Statement s = exclusive.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            if (!rs.getBoolean(1)) {
                exclusive.close();
                exclusive = null;
                throw new IllegalStateException("another benchmark is running on " + url()
                        + "; wait for it to finish (two harnesses would truncate each other's tables)");
            }
        }
    }

    /** Removes this process's SQLite files. */
    void cleanup() {
        if (exclusive != null) {
            try {
                exclusive.close();
            } catch (SQLException e) {
                // the lock goes with the session anyway
            }
        }
        if (sqliteDir == null) {
            return;
        }
        try (var files = Files.list(sqliteDir)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().startsWith("bench-" + ProcessHandle.current().pid() + "-")) {
                    Files.deleteIfExists(f);
                }
            }
            if (options.sqliteDir == null) {
                Files.deleteIfExists(sqliteDir);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    void deleteSqliteFile(HikariDataSource dataSource) {
        if (!kind.equals("sqlite")) {
            return;
        }
        String file = dataSource.getJdbcUrl().substring("jdbc:sqlite:".length());
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
