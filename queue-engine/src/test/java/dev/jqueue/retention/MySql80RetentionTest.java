package dev.jqueue.retention;

import dev.jqueue.testing.TestDatabase;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * MySQL 8.0 in a Testcontainers container; skipped, with the reason, where no Docker engine
 * exists (and never failed for it, even with JQUEUE_TEST_DATABASES=require).
 */
@Testcontainers(disabledWithoutDocker = true)
class MySql80RetentionTest extends RetentionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MYSQL_80;
    }
}
