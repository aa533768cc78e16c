package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class SqliteSpringTransactionContractTest extends SpringTransactionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
