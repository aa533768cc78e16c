package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class PostgresReadsContractTest extends ReadsContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
