package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class MariaDbSpringTransactionContractTest extends SpringTransactionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
