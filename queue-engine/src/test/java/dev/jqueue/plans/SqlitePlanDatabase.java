package dev.jqueue.plans;

import dev.jqueue.schema.SchemaMigrator;
import dev.jqueue.sql.SqliteDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A new SQLite file under target/ for every statistics state (its sqlite_stat1 starts empty). */
final class SqlitePlanDatabase extends StepwisePlanDatabase {

    private final Path file;
    private Connection connection;

    SqlitePlanDatabase() {
        super(new SqliteDialect());
        try {
            file = Files.createDirectories(Path.of("target", "sqlite")).resolve("plans-" + ProcessHandle.current().pid() + ".db")
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Connection connection() {
        return connection;
    }

    @Override
    public void recreate() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String url = "jdbc:sqlite:" + file;
        SchemaMigrator.migrate("plans", new DriverManagerDataSource(url), dialect);
        connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            // Seeding speed only; neither changes a plan.
            statement.execute("PRAGMA synchronous = OFF");
            statement.execute("PRAGMA cache_size = -65536");
        }
    }

    @Override
    String series(int count) {
        return "(WITH RECURSIVE g(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM g WHERE seq < " + count
                + ") SELECT seq FROM g)";
    }

    @Override
    String newId() {
        return "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' "
                + "|| hex(randomblob(2)) || '-' || hex(randomblob(6)))";
    }

    /** sqlite_stat1 for every table and index. */
    @Override
    public void analyze() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
    }

    @Override
    public void close() throws SQLException {
        super.close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
