package dev.jqueue.examples.orders;

import dev.jqueue.testing.DatabaseSummary;
import dev.jqueue.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The orders example on a fresh SQLite file, configured as the example application configures
 * it ({@code transaction_mode=IMMEDIATE}, so JPA transactions take the write lock up front).
 */
class SqliteOrdersJpaTest extends OrdersJpaContract {

    @DynamicPropertySource
    static void sqliteFile(DynamicPropertyRegistry registry) throws Exception {
        Path file = Files.createDirectories(Path.of("target", "sqlite"))
                .resolve("orders-" + ProcessHandle.current().pid() + ".db").toAbsolutePath();
        Files.deleteIfExists(file);
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + file + "?transaction_mode=IMMEDIATE&busy_timeout=10000");
        DatabaseSummary.ran(TestDatabase.SQLITE, "a file under target/sqlite, through the example application's settings");
    }
}
