package dev.jqueue.retention;

import dev.jqueue.testing.TestDatabase;

class SqliteRetentionTest extends RetentionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
