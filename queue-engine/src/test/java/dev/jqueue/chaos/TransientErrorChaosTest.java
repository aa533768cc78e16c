package dev.jqueue.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.sql.QueueDatabase;
import dev.jqueue.sql.SqlWork;
import dev.jqueue.sql.TransientErrors;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scenario 8: real deadlocks and serialization failures, forced between an engine transaction
 * ({@link QueueDatabase}, through which every operation runs) and a second transaction on its
 * own connection. Retried when the engine owns the transaction (the work runs again and
 * commits once); propagated, never retried, inside the caller's Spring transaction.
 */
class TransientErrorChaosTest {

    private static final String TABLE = "chaos_conflict";

    private void resetTable(HikariDataSource dataSource) {
        TestSql.execute(dataSource, "DROP TABLE IF EXISTS " + TABLE);
        TestSql.execute(dataSource, "CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, v INT NOT NULL)");
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= 60; id++) {
            rows.append(id == 1 ? "" : ", ").append("(").append(id).append(", 0)");
        }
        TestSql.execute(dataSource, "INSERT INTO " + TABLE + " (id, v) VALUES " + rows);
    }

    private static void update(Connection connection, String where) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + TABLE + " SET v = v + 1 WHERE " + where);
        }
    }

    private static long sessionId(Connection connection, boolean postgres) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(postgres ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether a session waits for a lock right now. */
    private static boolean waitingForLock(HikariDataSource dataSource, boolean postgres, long session) {
        return TestSql.count(dataSource, postgres
                ? "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND pid = " + session
                : "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT' AND trx_mysql_thread_id = "
                        + session) > 0;
    }

    /**
     * Work that deadlocks on its first run: it updates row 1, a second transaction updates (many
     * rows, then) row 2, the work asks for row 2, the second transaction for row 1. The engine's
     * transaction is made the victim (on PostgreSQL it waits first, with a deadlock_timeout of 1 s against 10 s,
     * so its one deadlock check finds the cycle first).
     */
    private SqlWork<Integer> deadlockingWork(HikariDataSource dataSource, boolean postgres, AtomicInteger runs,
                                             CompletableFuture<Void>[] other) {
        return connection -> {
            int run = runs.incrementAndGet();
            if (postgres) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL deadlock_timeout = '1s'"); // checked once, 1 s into the wait: the cycle is closed by then
                }
            }
            update(connection, "id = 1");
            if (run == 1) {
                long session = sessionId(connection, postgres);
                other[0] = CompletableFuture.runAsync(() -> {
                    try (Connection second = dataSource.getConnection()) {
                        second.setAutoCommit(false);
                        if (postgres) {
                            try (Statement statement = second.createStatement()) {
                                statement.execute("SET LOCAL deadlock_timeout = '10s'");
                            }
                        }
                        update(second, "id >= 3"); // many rows: the second transaction holds more than the work
                        update(second, "id = 2");
                        Chaos.await("the engine's transaction to wait for row 2", Duration.ofSeconds(10),
                                () -> waitingForLock(dataSource, postgres, session), () -> "not waiting");
                        update(second, "id = 1"); // closes the cycle
                        second.commit();
                    } catch (SQLException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, TransientErrorChaosTest::ownThread);
                try {
                    Chaos.await("the second transaction to hold row 2", Duration.ofSeconds(10),
                            () -> lockedByOther(dataSource, postgres), () -> "row 2 not locked");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException(e);
                }
            }
            update(connection, "id = 2");
            return run;
        };
    }

    /** The second transaction runs on a thread of its own (the common pool may have a single thread here). */
    private static void ownThread(Runnable task) {
        Thread.ofPlatform().name("chaos-second-transaction").daemon(true).start(task);
    }

    /** Whether some other transaction holds row locks (the second transaction has done its first updates). */
    private static boolean lockedByOther(HikariDataSource dataSource, boolean postgres) {
        return TestSql.count(dataSource, postgres
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' "
                        + "AND query LIKE 'UPDATE " + TABLE + " SET v = v + 1 WHERE id = 2'"
                : "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_rows_modified >= 58") > 0;
    }

    @SuppressWarnings("unchecked")
    private void deadlockIsRetriedOnlyWhenTheEngineOwnsTheTransaction(TestDatabase database) throws Exception {
        HikariDataSource dataSource = database.dataSource();
        boolean postgres = database == TestDatabase.POSTGRES;
        QueueDatabase db = new QueueDatabase("chaos", dataSource, dev.jqueue.sql.Dialects.detect(dataSource));
        resetTable(dataSource);

        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void>[] other = new CompletableFuture[1];
        int committedRun = db.inTransaction(deadlockingWork(dataSource, postgres, runs, other));
        other[0].get(20, TimeUnit.SECONDS);
        assertThat(committedRun).as("the work ran again after the deadlock and committed").isEqualTo(2);
        assertThat(TestSql.count(dataSource, "SELECT v FROM " + TABLE + " WHERE id = 1"))
                .as("row 1: the second transaction once, the engine's work once").isEqualTo(2);

        resetTable(dataSource);
        AtomicInteger joinedRuns = new AtomicInteger();
        CompletableFuture<Void>[] joinedOther = new CompletableFuture[1];
        TransactionTemplate caller = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        assertThatThrownBy(() -> caller.executeWithoutResult(status ->
                db.inTransaction(deadlockingWork(dataSource, postgres, joinedRuns, joinedOther))))
                .satisfies(error -> assertThat(TransientErrors.isTransient(error)).as(error.toString()).isTrue());
        joinedOther[0].get(20, TimeUnit.SECONDS);
        assertThat(joinedRuns.get()).as("inside the caller's transaction the deadlock propagates, no retry").isEqualTo(1);
        assertThat(TestSql.count(dataSource, "SELECT v FROM " + TABLE + " WHERE id = 1"))
                .as("only the second transaction's update").isEqualTo(1);
        new ReliabilityLine("8. deadlock forced against an engine transaction (retried once owned; propagated when joined)",
                database.label(), 2, runs.get() + joinedRuns.get(), 0, 0, 0, null).report();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void scenario8DeadlockOnPostgres() throws Exception {
        deadlockIsRetriedOnlyWhenTheEngineOwnsTheTransaction(TestDatabase.POSTGRES);
    }

    /**
     * MariaDB: a lock wait timeout (error 1205). InnoDB picks a deadlock's victim by the weight of
     * the transactions, and in this test it was not always the engine's, so the conflict that
     * MariaDB makes deterministic is the timeout: the work waits for a row the second transaction
     * holds until {@code innodb_lock_wait_timeout} (1 s, on a pool of the test's own) ends the
     * wait; the second transaction then commits and the engine's second run takes the row.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void scenario8LockWaitTimeoutOnMariaDb() throws Exception {
        TestDatabase.MARIADB.dataSource(); // creates the test database
        try (HikariDataSource dataSource = Chaos.pool("chaos-lock-timeout", TestDatabase.MARIADB.dataSource().getJdbcUrl(),
                "root", 4, "SET SESSION innodb_lock_wait_timeout = 1")) {
            QueueDatabase db = new QueueDatabase("chaos", dataSource, dev.jqueue.sql.Dialects.detect(dataSource));
            resetTable(dataSource);
            AtomicInteger runs = new AtomicInteger();
            int committedRun = db.inTransaction(lockWaitingWork(dataSource, runs));
            assertThat(committedRun).as("the work ran again after the lock wait timeout and committed").isEqualTo(2);
            assertThat(TestSql.count(dataSource, "SELECT v FROM " + TABLE + " WHERE id = 2")).isEqualTo(2);

            resetTable(dataSource);
            AtomicInteger joinedRuns = new AtomicInteger();
            TransactionTemplate caller = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            assertThatThrownBy(() -> caller.executeWithoutResult(status -> db.inTransaction(lockWaitingWork(dataSource,
                    joinedRuns)))).satisfies(error -> assertThat(TransientErrors.isTransient(error)).as(error.toString())
                    .isTrue());
            assertThat(joinedRuns.get()).as("inside the caller's transaction the timeout propagates, no retry").isEqualTo(1);
            new ReliabilityLine("8. lock wait timeout forced against an engine transaction (retried once owned; "
                    + "propagated when joined)", "MariaDB", 2, runs.get() + joinedRuns.get(), 0, 0, 0, null).report();
        }
    }

    private SqlWork<Integer> lockWaitingWork(HikariDataSource dataSource, AtomicInteger runs) {
        return connection -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                long session = sessionId(connection, false);
                java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
                CompletableFuture.runAsync(() -> {
                    try (Connection second = dataSource.getConnection()) {
                        second.setAutoCommit(false);
                        update(second, "id = 2");
                        held.countDown();
                        Chaos.await("the work to wait for row 2", Duration.ofSeconds(10),
                                () -> waitingForLock(dataSource, false, session), () -> "not waiting");
                        Chaos.await("the work's wait to time out and the work to run again", Duration.ofSeconds(10),
                                () -> runs.get() >= 2, () -> "no second run");
                        second.commit();
                    } catch (SQLException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, TransientErrorChaosTest::ownThread);
                try {
                    held.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException(e);
                }
            }
            update(connection, "id = 2");
            return run;
        };
    }

    /**
     * A serialization failure (PostgreSQL, REPEATABLE READ): the work reads a row, another
     * transaction changes and commits it, the work's update of that row fails with SQLSTATE
     * 40001; the engine runs the work again, which commits.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void scenario8SerializationFailureOnPostgres() throws Exception {
        HikariDataSource dataSource = TestDatabase.POSTGRES.dataSource();
        QueueDatabase db = new QueueDatabase("chaos", dataSource, dev.jqueue.sql.Dialects.detect(dataSource));
        resetTable(dataSource);
        AtomicInteger runs = new AtomicInteger();
        int committedRun = db.inTransaction(connection -> {
            int run = runs.incrementAndGet();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                try (ResultSet rs = statement.executeQuery("SELECT v FROM " + TABLE + " WHERE id = 1")) {
                    rs.next(); // the snapshot is taken
                }
            }
            if (run == 1) {
                try (Connection second = dataSource.getConnection(); PreparedStatement ps = second.prepareStatement(
                        "UPDATE " + TABLE + " SET v = v + 10 WHERE id = 1")) {
                    ps.executeUpdate(); // autocommit: committed behind the work's snapshot
                }
            }
            update(connection, "id = 1");
            return run;
        });
        assertThat(committedRun).as("retried after the serialization failure").isEqualTo(2);
        assertThat(TestSql.count(dataSource, "SELECT v FROM " + TABLE + " WHERE id = 1")).isEqualTo(11);
        new ReliabilityLine("8. serialization failure forced against an engine transaction (retried once owned)",
                "PostgreSQL", 1, runs.get(), 0, 0, 0, null).report();
    }
}
