package dev.jqueue.observability;

import dev.jqueue.testing.TestDatabase;

class MariaDbSnapshotTest extends SnapshotContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
