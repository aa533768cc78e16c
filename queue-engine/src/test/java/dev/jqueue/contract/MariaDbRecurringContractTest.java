package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class MariaDbRecurringContractTest extends RecurringContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
