package dev.jqueue.observability;

import dev.jqueue.testing.TestDatabase;

class MariaDbQueueDepthHistoryTest extends QueueDepthHistoryContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
