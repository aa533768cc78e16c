package dev.jqueue.contract;

import dev.jqueue.testing.TestDatabase;

/** MariaDB through MySQL Connector/J ({@code jdbc:mysql:}) under MySQL 8's default sql_mode. */
class MariaDbConnectorJSpringTransactionContractTest extends SpringTransactionContract {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB_VIA_CONNECTOR_J;
    }
}
