package dev.jqueue.plans;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A plan test class with one database of its own for all its statistics states, opened before
 * the first and closed after the last. A database that is not there skips the class (or fails
 * it when the databases are required), see {@link PlanDatabase#unreachable}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlanDatabaseTest<D extends PlanDatabase> {

    protected D database;

    abstract D open();

    @BeforeAll
    void openDatabase() {
        database = open();
    }

    @AfterAll
    void closeDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }
}
