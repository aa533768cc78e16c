package dev.jqueue.plans;

import dev.jqueue.schema.SchemaMigrator;
import dev.jqueue.sql.MySqlDialect;
import dev.jqueue.state.Tables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A MariaDB database of its own ({@code jqueue_plans}), dropped, created and migrated again for
 * every statistics state, so that InnoDB's persistent statistics and the engine-independent
 * ones start from new tables. Seeded from MariaDB's {@code seq_1_to_N} sequence tables.
 */
final class MariaDbPlanDatabase extends StepwisePlanDatabase {

    static final String URL = "jdbc:mariadb://127.0.0.1:3306/";
    /** {@code jqueue_plans}, or {@code <jqueue.test.database>_plans} to keep parallel runs apart. */
    static final String NAME = System.getProperty("jqueue.test.database") == null ? "jqueue_plans"
            : System.getProperty("jqueue.test.database") + "_plans";
    static final List<String> ANALYZED = List.of(Tables.JOBS, Tables.READY, Tables.SCHEDULED, Tables.CLAIMED,
            Tables.BLOCKED, Tables.FAILED, Tables.PAUSES);

    private final Connection connection;

    private MariaDbPlanDatabase(Connection connection) {
        super(new MySqlDialect());
        this.connection = connection;
    }

    static MariaDbPlanDatabase open() {
        try {
            Connection connection = DriverManager.getConnection(URL, "root", "");
            execute(connection, "CREATE DATABASE IF NOT EXISTS " + NAME);
            execute(connection, "USE " + NAME);
            return new MariaDbPlanDatabase(connection);
        } catch (SQLException e) {
            throw PlanDatabase.unreachable("MariaDB", URL, e);
        }
    }

    @Override
    Connection connection() {
        return connection;
    }

    @Override
    public void recreate() throws SQLException {
        execute(connection, "DROP DATABASE IF EXISTS " + NAME);
        execute(connection, "CREATE DATABASE " + NAME);
        execute(connection, "USE " + NAME);
        SchemaMigrator.migrate(NAME, new DriverManagerDataSource(URL + NAME, "root", ""), dialect);
    }

    @Override
    String series(int count) {
        return "seq_1_to_" + count;
    }

    @Override
    String newId() {
        return "UUID()";
    }

    /**
     * InnoDB's persistent statistics and the engine-independent ones (histograms included), then
     * no automatic recalculation, so that the statistics stay those of this moment while the
     * state's later rows go in. Fresh tables keep InnoDB's default: recalculated in the
     * background as rows come, whenever that happens.
     */
    @Override
    public void analyze() throws SQLException {
        for (String table : ANALYZED) {
            execute(connection, "ALTER TABLE " + table + " STATS_AUTO_RECALC = 0, ALGORITHM = INSTANT");
        }
        execute(connection, "ANALYZE TABLE " + String.join(", ", ANALYZED) + " PERSISTENT FOR ALL");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
