package dev.jqueue.plans;

import dev.jqueue.schema.SchemaMigrator;
import dev.jqueue.sql.PostgresDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A PostgreSQL database of its own ({@code jqueue_plans}) whose jqueue tables are dropped and
 * migrated again for every statistics state: TRUNCATE would keep the old statistics.
 */
final class PostgresPlanDatabase implements PlanDatabase {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/";
    /** {@code jqueue_plans}, or {@code <jqueue.test.database>_plans} to keep parallel runs apart. */
    static final String NAME = System.getProperty("jqueue.test.database") == null ? "jqueue_plans"
            : System.getProperty("jqueue.test.database") + "_plans";

    private final Connection connection;

    private PostgresPlanDatabase(Connection connection) {
        this.connection = connection;
    }

    static PostgresPlanDatabase open() {
        try (Connection admin = DriverManager.getConnection(URL + "postgres", "postgres", "");
             Statement statement = admin.createStatement()) {
            var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'");
            if (!rs.next()) {
                statement.execute("CREATE DATABASE " + NAME);
            }
            return new PostgresPlanDatabase(DriverManager.getConnection(URL + NAME, "postgres", ""));
        } catch (SQLException e) {
            throw PlanDatabase.unreachable("PostgreSQL", URL, e);
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void recreate() throws SQLException {
        execute("DROP SCHEMA public CASCADE");
        execute("CREATE SCHEMA public");
        SchemaMigrator.migrate(NAME, new DriverManagerDataSource(URL + NAME, "postgres", ""), new PostgresDialect());
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void seedFinished(int count) throws SQLException {
        execute("INSERT INTO jqueue_jobs (id, task_path, queue_name, priority, payload, backend_alias, attempts, "
                + "finished_at, return_value, created_at, updated_at) SELECT gen_random_uuid(), 'bench.noop', "
                + "'q' || (g % 10), 0, '[]', 'default', 1, now(), 'null', now(), now() FROM generate_series(1, "
                + count + ") g");
    }

    @Override
    public void seedBacklog(int ready, int claimed, int scheduled) throws SQLException {
        execute("WITH j AS (INSERT INTO jqueue_jobs (id, task_path, queue_name, priority, payload, backend_alias, "
                + "attempts, created_at, updated_at) SELECT gen_random_uuid(), 'bench.noop', 'q' || (g % 10), 0, '[]', "
                + "'default', 0, now(), now() FROM generate_series(1, " + ready + ") g RETURNING id, queue_name, priority) "
                + "INSERT INTO jqueue_ready_executions (job_id, backend_alias, queue_name, priority, created_at) "
                + "SELECT id, 'default', queue_name, priority, now() FROM j");
        execute("WITH c AS (DELETE FROM jqueue_ready_executions WHERE id IN (SELECT id FROM jqueue_ready_executions "
                + "ORDER BY id LIMIT " + claimed + ") RETURNING job_id) "
                + "INSERT INTO jqueue_claimed_executions (job_id, created_at) SELECT job_id, now() FROM c");
        execute("WITH j AS (INSERT INTO jqueue_jobs (id, task_path, queue_name, priority, payload, backend_alias, "
                + "attempts, scheduled_at, created_at, updated_at) SELECT gen_random_uuid(), 'bench.noop', 'q' || (g % 10), "
                + "0, '[]', 'default', 0, now() - interval '1 minute', now(), now() FROM generate_series(1, " + scheduled
                + ") g RETURNING id, queue_name, priority, scheduled_at) "
                + "INSERT INTO jqueue_scheduled_executions (job_id, backend_alias, queue_name, priority, scheduled_at, "
                + "created_at) SELECT id, 'default', queue_name, priority, scheduled_at, now() FROM j");
    }

    @Override
    public void drainBacklog() throws SQLException {
        execute("DELETE FROM jqueue_ready_executions");
        execute("DELETE FROM jqueue_claimed_executions");
        execute("DELETE FROM jqueue_scheduled_executions");
        execute("UPDATE jqueue_jobs SET finished_at = now(), attempts = 1 WHERE finished_at IS NULL");
    }

    @Override
    public void analyze() throws SQLException {
        execute("ANALYZE");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
