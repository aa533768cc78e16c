package dev.jqueue.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The commands on PostgreSQL, plus the diagnostics only PostgreSQL has (sessions pinning xmin). */
class PostgresCommandsTest extends CommandsContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Test
    void deepHealthNamesLongTransactionsAndSessionsPinningXminOnPostgres() throws Exception {
        process("Supervisor", T0);
        try (Connection pinning = DriverManager.getConnection(dataSource.getJdbcUrl(), "postgres", "");
             Connection idle = DriverManager.getConnection(dataSource.getJdbcUrl() + "?preferQueryMode=simple", "postgres", "")) {
            try (Statement statement = pinning.createStatement()) {
                statement.execute("SET application_name = 'pinning-probe'");
            }
            try (Statement statement = idle.createStatement()) {
                statement.execute("SET application_name = 'idle-probe'");
            }
            // repeatable read keeps its snapshot after the query: it pins xmin while idle in transaction
            pinning.setAutoCommit(false);
            pinning.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = pinning.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM jqueue_jobs").close();
            }
            // read committed drops its snapshot after the statement: a long transaction that pins nothing (over the
            // simple query protocol; an extended-protocol portal would keep its snapshot until the next statement)
            idle.setAutoCommit(false);
            try (Statement statement = idle.createStatement()) {
                statement.executeQuery("SELECT 1").close();
            }
            int pinningPid = pid(pinning);
            int idlePid = pid(idle);

            assertThat(run("jqueue:health", "--deep")).as("younger than the default 300 s")
                    .isEqualTo(new Run(0, "healthy\n", ""));
            Thread.sleep(1500);
            Run deep = run("jqueue:health", "--deep", "--long-transaction=1");
            assertThat(deep.status()).isEqualTo(1);
            assertThat(deep.err().lines().toList()).satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).startsWith("unhealthy: 1 PostgreSQL session(s) pinning xmin with a transaction "
                            + "open for more than 1s, so vacuum cannot remove dead queue rows: pid " + pinningPid
                            + " (idle in transaction, ").endsWith("s, pinning-probe)"),
                    line -> assertThat(line).startsWith("unhealthy: 1 other PostgreSQL transaction(s) open for more than 1s: pid "
                            + idlePid + " (idle in transaction, ").endsWith("s, idle-probe)"));
            assertThat(run("jqueue:health", "--long-transaction=1")).as("only --deep looks at PostgreSQL")
                    .isEqualTo(new Run(0, "healthy\n", ""));
            assertThat(run("jqueue:health", "--deep", "--long-transaction=x").err())
                    .isEqualTo("jqueue:health: --long-transaction must be a number of seconds (got 'x')\n");
            pinning.rollback();
            idle.rollback();
        }
        assertThat(run("jqueue:health", "--deep", "--long-transaction=1")).as("both ended")
                .isEqualTo(new Run(0, "healthy\n", ""));
    }

    static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
