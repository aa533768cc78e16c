package dev.jqueue.observability;

import dev.jqueue.testing.TestDatabase;

class SqliteQueueDepthHistoryTest extends QueueDepthHistoryContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
