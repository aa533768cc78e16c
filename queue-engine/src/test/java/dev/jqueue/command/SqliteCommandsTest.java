package dev.jqueue.command;

import dev.jqueue.testing.TestDatabase;

class SqliteCommandsTest extends CommandsContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
