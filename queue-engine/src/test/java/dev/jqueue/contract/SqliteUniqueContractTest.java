package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class SqliteUniqueContractTest extends UniqueContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
