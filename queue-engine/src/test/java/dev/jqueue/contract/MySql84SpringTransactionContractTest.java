package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * MySQL 8.4 in a Testcontainers container; skipped, with the reason, where no Docker engine
 * exists (and never failed for it, even with JQUEUE_TEST_DATABASES=require).
 */
@Testcontainers(disabledWithoutDocker = true)
class MySql84SpringTransactionContractTest extends SpringTransactionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MYSQL_84;
    }
}
