package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class PostgresConcurrencyContractTest extends ConcurrencyContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
