package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class PostgresUniqueContractTest extends UniqueContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
