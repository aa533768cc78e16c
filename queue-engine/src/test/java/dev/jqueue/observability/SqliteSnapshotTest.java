package dev.jqueue.observability;

import dev.jqueue.testing.TestDatabase;

class SqliteSnapshotTest extends SnapshotContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
