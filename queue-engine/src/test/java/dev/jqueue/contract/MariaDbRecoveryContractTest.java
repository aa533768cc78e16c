package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

class MariaDbRecoveryContractTest extends RecoveryContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
