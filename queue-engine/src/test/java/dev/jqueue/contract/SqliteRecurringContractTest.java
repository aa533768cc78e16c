package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class SqliteRecurringContractTest extends RecurringContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
