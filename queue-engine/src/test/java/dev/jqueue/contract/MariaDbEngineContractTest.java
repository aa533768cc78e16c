package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class MariaDbEngineContractTest extends EngineContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
