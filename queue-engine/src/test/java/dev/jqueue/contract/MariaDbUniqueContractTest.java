package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class MariaDbUniqueContractTest extends UniqueContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
