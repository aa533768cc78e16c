package dev.jqueue.console;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** {@link DatabaseBrowserContract} on the console's default SQLite file, with the demo profile. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "jqueue.console.data-dir=target/test-data/database-sqlite")
@ActiveProfiles("demo")
@Import(DatabaseBrowserContract.HoldTasks.class)
class SqliteDatabaseBrowserTest extends DatabaseBrowserContract {

    static {
        TestDataDirectory.fresh("database-sqlite");
    }

    @Override
    protected boolean onPostgres() {
        return false;
    }
}
