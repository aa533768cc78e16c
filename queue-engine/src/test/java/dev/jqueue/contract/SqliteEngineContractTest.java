package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class SqliteEngineContractTest extends EngineContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
