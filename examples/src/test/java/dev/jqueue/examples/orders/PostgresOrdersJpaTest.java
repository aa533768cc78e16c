package dev.jqueue.examples.orders;

import dev.jqueue.testing.TestDatabase;
import javax.sql.DataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The orders example on PostgreSQL ({@link TestDatabase#POSTGRES}: created, migrated and emptied for this context). */
class PostgresOrdersJpaTest extends OrdersJpaContract {

    @TestConfiguration(proxyBeanMethods = false)
    static class Database {
        /** The shared test pool: not closed with the context, other contexts of this JVM use it. */
        @Bean(destroyMethod = "")
        DataSource dataSource() {
            return TestDatabase.POSTGRES.dataSource();
        }
    }
}
