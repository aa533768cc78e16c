package dev.jqueue.retention;

import dev.jqueue.testing.TestDatabase;

class PostgresRetentionTest extends RetentionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
