package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class PostgresRecurringContractTest extends RecurringContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
