package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class PostgresRecoveryContractTest extends RecoveryContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
