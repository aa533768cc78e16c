package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class MariaDbConcurrencyContractTest extends ConcurrencyContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
