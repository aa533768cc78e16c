package dev.jqueue.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Telling the servers of the MySQL family apart from what JDBC metadata reports, with each driver. */
class DialectsTest {

    private static MySqlDialect mysqlFamily(String product, String version) {
        Dialect dialect = Dialects.forProduct(product, version);
        assertThat(dialect.name()).isEqualTo("mysql");
        assertThat(dialect.migrationLocation()).isEqualTo("classpath:dev/jqueue/db/mysql");
        return (MySqlDialect) dialect;
    }

    @Test
    void mysqlThroughConnectorJ() {
        MySqlDialect dialect = mysqlFamily("MySQL", "8.0.36");
        assertThat(dialect.server()).isEqualTo(MySqlDialect.Server.MYSQL);
        assertThat(dialect.serverVersion()).isEqualTo("8.0.36");
        assertThat(mysqlFamily("MySQL", "8.4.3").server()).isEqualTo(MySqlDialect.Server.MYSQL);
        assertThat(mysqlFamily("MySQL", "9.1.0").server()).isEqualTo(MySqlDialect.Server.MYSQL);
    }

    @Test
    void mariaDbThroughEitherDriver() {
        MySqlDialect viaConnectorJ = mysqlFamily("MySQL", "5.5.5-10.11.19-MariaDB-0+deb12u1");
        assertThat(viaConnectorJ.server()).isEqualTo(MySqlDialect.Server.MARIADB);
        assertThat(viaConnectorJ.serverVersion()).isEqualTo("10.11.19-MariaDB-0+deb12u1");
        MySqlDialect viaMariaDbDriver = mysqlFamily("MariaDB", "10.11.19-MariaDB-0+deb12u1");
        assertThat(viaMariaDbDriver.server()).isEqualTo(MySqlDialect.Server.MARIADB);
        assertThat(mysqlFamily("MariaDB", "11.4.2-MariaDB").server()).isEqualTo(MySqlDialect.Server.MARIADB);
    }

    @Test
    void neitherServerUsesReturningOrSingleStatementTransitions() {
        for (MySqlDialect dialect : new MySqlDialect[] {mysqlFamily("MySQL", "8.0.36"), mysqlFamily("MariaDB", "10.11.2")}) {
            assertThat(dialect.supportsInsertReturning()).as(dialect.toString()).isFalse();
            assertThat(dialect.supportsSingleStatementLockAndFetch()).as(dialect.toString()).isFalse();
            assertThat(dialect.supportsSkipLocked()).as(dialect.toString()).isTrue();
            assertThat(dialect.insertIgnore("t (a) VALUES (?)")).isEqualTo("INSERT IGNORE INTO t (a) VALUES (?)");
        }
    }

    @Test
    void serversBelowTheFloorAreRefusedAtStartUp() {
        assertThatThrownBy(() -> Dialects.forProduct("MySQL", "5.7.44"))
                .hasMessage("jqueue needs MySQL 8.0 or newer (FOR UPDATE SKIP LOCKED); this server is MySQL 5.7.44");
        assertThatThrownBy(() -> Dialects.forProduct("MySQL", "5.5.5-10.5.23-MariaDB"))
                .hasMessage("jqueue needs MariaDB 10.6 or newer (FOR UPDATE SKIP LOCKED); this server is MariaDB 10.5.23-MariaDB");
        assertThatThrownBy(() -> Dialects.forProduct("MariaDB", "10.4.1-MariaDB")).hasMessageContaining("MariaDB 10.6 or newer");
    }

    @Test
    void anUnreadableVersionIsNotRefused() {
        assertThat(mysqlFamily("MySQL", "").server()).isEqualTo(MySqlDialect.Server.MYSQL);
        assertThat(mysqlFamily("MySQL", null).server()).isEqualTo(MySqlDialect.Server.MYSQL);
    }
}
