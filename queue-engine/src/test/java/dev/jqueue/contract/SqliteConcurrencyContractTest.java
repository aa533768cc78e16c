package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class SqliteConcurrencyContractTest extends ConcurrencyContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
