package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class MariaDbReadsContractTest extends ReadsContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
