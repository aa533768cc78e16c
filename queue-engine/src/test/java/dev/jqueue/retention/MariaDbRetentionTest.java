package dev.jqueue.retention;

import dev.jqueue.testing.TestDatabase;

class MariaDbRetentionTest extends RetentionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
