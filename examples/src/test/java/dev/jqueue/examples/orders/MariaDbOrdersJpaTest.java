package dev.jqueue.examples.orders;

import dev.jqueue.testing.TestDatabase;
import javax.sql.DataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The orders example on MariaDB ({@link TestDatabase#MARIADB}: created, migrated and emptied for this context). */
class MariaDbOrdersJpaTest extends OrdersJpaContract {

    @TestConfiguration(proxyBeanMethods = false)
    static class Database {
        /** The shared test pool: not closed with the context, other contexts of this JVM use it. */
        @Bean(destroyMethod = "")
        DataSource dataSource() {
            return TestDatabase.MARIADB.dataSource();
        }
    }
}
