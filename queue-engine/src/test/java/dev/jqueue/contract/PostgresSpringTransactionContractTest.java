package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class PostgresSpringTransactionContractTest extends SpringTransactionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
