package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

/** MariaDB through MySQL Connector/J ({@code jdbc:mysql:}) under MySQL 8's default sql_mode. */
class MariaDbConnectorJEngineContractTest extends EngineContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB_VIA_CONNECTOR_J;
    }
}
