package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class SqliteRecoveryContractTest extends RecoveryContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
