package dev.jqueue.observability;

import dev.jqueue.testing.TestDatabase;

class PostgresQueueDepthHistoryTest extends QueueDepthHistoryContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
