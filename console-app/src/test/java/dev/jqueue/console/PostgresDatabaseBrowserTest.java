package dev.jqueue.console;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.testing.TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link DatabaseBrowserContract} with the console on PostgreSQL: the engine's test database
 * (migrated and emptied; skipped with the reason when the server is down, failed where databases
 * are required), with the demo profile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "jqueue.console.data-dir=target/test-data/database-postgres")
@ActiveProfiles("demo")
@Import(DatabaseBrowserContract.HoldTasks.class)
class PostgresDatabaseBrowserTest extends DatabaseBrowserContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        HikariDataSource probe = TestDatabase.POSTGRES.dataSource(); // creates, migrates and empties it
        registry.add("spring.datasource.url", probe::getJdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
