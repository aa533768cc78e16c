package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class PostgresEngineContractTest extends EngineContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
