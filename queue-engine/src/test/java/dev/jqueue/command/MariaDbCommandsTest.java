package dev.jqueue.command;

import dev.jqueue.testing.TestDatabase;

class MariaDbCommandsTest extends CommandsContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
