package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class SqliteReadsContractTest extends ReadsContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
