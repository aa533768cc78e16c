package dev.jqueue.sql;

import dev.jqueue.JQueueError;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The database a backend's tables live on: its DataSource, dialect and transaction rules.
 *
 * <p>Transaction ownership: when the caller already runs a Spring transaction on this
 * DataSource, work joins it and errors propagate unchanged (the caller's transaction decides).
 * "Runs a transaction on this DataSource" is decided the way {@code DataSourceUtils} and
 * {@code JdbcTemplate} decide it, whatever the transaction manager: an actual transaction is
 * active and a {@code ConnectionHolder} for this DataSource is bound to the thread.
 * {@code DataSourceTransactionManager} binds one marked as synchronized;
 * {@code JpaTransactionManager} (Hibernate) binds one holding the EntityManager's connection
 * handle without that mark. Otherwise jqueue owns the transaction on a connection of its own
 * and retries it on transient errors (deadlock, serialization failure, lock timeout, SQLite
 * busy) a bounded number of times.
 *
 * <p>After-commit callbacks ({@link #inTransaction(SqlWork, Runnable)} joined, and
 * {@code JQueue.enqueueOnCommit}) run {@linkplain #afterCommitPhase(Runnable) detached}: while
 * Spring calls them, the finished transaction's resources are still bound and it still looks
 * active, so anything jqueue writes there runs in a transaction of its own on a fresh
 * connection instead of on the connection that has just committed.
 */
public final class QueueDatabase {

    private static final int ATTEMPTS = 3;

    /** Depth of after-commit callbacks running on this thread (see {@link #afterCommitPhase}). */
    private static final ThreadLocal<int[]> AFTER_COMMIT = new ThreadLocal<>();

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String name;
    private final DatabaseOutage outage;

    public QueueDatabase(String name, DataSource dataSource, Dialect dialect) {
        this.name = name;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.outage = new DatabaseOutage(name, dataSource);
    }

    /** Whether the runtime currently reaches this database, and where its runtime errors go. */
    public DatabaseOutage outage() {
        return outage;
    }

    public String name() {
        return name;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The same database seen through another dialect (a backend with {@code use-skip-locked: false}). */
    public QueueDatabase withDialect(Dialect other) {
        return new QueueDatabase(name, dataSource, other);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * True when work would join the caller's Spring transaction: an actual transaction is active
     * on this thread and a {@code ConnectionHolder} for this DataSource is bound (with a
     * connection, or marked synchronized), as {@code DataSourceUtils.getConnection} sees it.
     * False while an after-commit callback runs: that transaction is over.
     */
    public boolean callerTransactionActive() {
        if (inAfterCommitPhase() || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        Object resource = TransactionSynchronizationManager.getResource(dataSource);
        return resource instanceof ConnectionHolder holder
                && (holder.getConnectionHandle() != null || holder.isSynchronizedWithTransaction());
    }

    /**
     * Runs an after-commit callback so that jqueue work inside it (on any queue database) owns
     * its transaction on a fresh connection, never the finished transaction's connection that
     * is still bound while Spring calls {@code afterCommit}.
     */
    public static void afterCommitPhase(Runnable callback) {
        int[] depth = AFTER_COMMIT.get();
        if (depth == null) {
            depth = new int[1];
            AFTER_COMMIT.set(depth);
        }
        depth[0]++;
        try {
            callback.run();
        } finally {
            if (--depth[0] == 0) {
                AFTER_COMMIT.remove();
            }
        }
    }

    /** True while an after-commit callback runs on this thread (see {@link #afterCommitPhase}). */
    public static boolean inAfterCommitPhase() {
        int[] depth = AFTER_COMMIT.get();
        return depth != null && depth[0] > 0;
    }

    /** Runs work in one transaction (joined or owned). */
    public <T> T inTransaction(SqlWork<T> work) {
        return run(work, true, null);
    }

    /**
     * Runs work in one transaction and calls {@code afterCommit} once it is durable: at once
     * when jqueue owns the transaction, after the caller's commit when joined.
     */
    public <T> T inTransaction(SqlWork<T> work, Runnable afterCommit) {
        return run(work, true, afterCommit);
    }

    /**
     * Runs work that is a single atomic statement: owned, it runs in autocommit mode and
     * saves the COMMIT round trip; joined, it is part of the caller's transaction.
     */
    public <T> T inStatement(SqlWork<T> work) {
        return run(work, false, null);
    }

    /**
     * Runs read-only work outside any transaction jqueue would start: on the caller's
     * connection when it runs a transaction on this DataSource (so it sees the caller's own
     * uncommitted writes), else on a connection of its own.
     */
    /**
     * A read with its plans pinned ({@link Dialect#pinReadPlans}): in a transaction where the
     * dialect pins them (PostgreSQL: the settings are transaction-local), otherwise an ordinary
     * read, so that no lock is taken for it (a SQLite transaction takes the write lock).
     */
    public <T> T pinnedRead(boolean noScans, SqlWork<T> work) {
        return pinnedRead(work, connection -> dialect.pinReadPlans(connection, noScans));
    }

    /** A read that first applies {@code settings} in a transaction where the dialect has transaction-local settings. */
    public <T> T pinnedRead(SqlWork<T> work, SqlStep settings) {
        if (!dialect.pinsReadPlans()) {
            return read(work);
        }
        return inTransaction(connection -> {
            settings.run(connection);
            return work.run(connection);
        });
    }

    /** A step run on a connection for its effect. */
    @FunctionalInterface
    public interface SqlStep {
        void run(java.sql.Connection connection) throws SQLException;
    }

    public <T> T read(SqlWork<T> work) {
        if (!callerTransactionActive()) {
            try (Connection connection = dataSource.getConnection()) {
                T result = work.run(connection);
                outage.succeeded();
                return result;
            } catch (SQLException e) {
                throw translate(e);
            }
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private <T> T run(SqlWork<T> work, boolean transactional, Runnable afterCommit) {
        if (callerTransactionActive()) {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                T result = work.run(connection);
                if (afterCommit != null) {
                    registerAfterCommit(afterCommit);
                }
                return result;
            } catch (SQLException e) {
                throw translate(e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                dialect.prepare(connection);
                T result;
                if (transactional) {
                    dialect.begin(connection);
                    try {
                        result = work.run(connection);
                        dialect.commit(connection);
                    } catch (SQLException | RuntimeException | Error e) {
                        rollbackQuietly(connection, e);
                        throw e;
                    }
                } else {
                    result = work.run(connection);
                }
                outage.succeeded(); // the database answered: an outage or a pool shortage is over
                if (afterCommit != null) {
                    afterCommitPhase(afterCommit);
                }
                return result;
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && dialect.isTransient(e)) {
                    pause(attempt);
                    continue;
                }
                throw translate(e);
            } catch (RuntimeException e) {
                if (attempt < ATTEMPTS && !(e instanceof JQueueError) && dialect.isTransient(e.getCause())) {
                    pause(attempt);
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Registers {@code callback} with the active transaction synchronization, to run
     * {@linkplain #afterCommitPhase detached} once the transaction has committed (never on
     * rollback).
     */
    public static void registerAfterCommit(Runnable callback) {
        TransactionSynchronizationManager.registerSynchronization(new OnCommit(callback));
    }

    /**
     * Runs its write once the transaction has committed: in {@code afterCommit}, or, when it was
     * registered from another synchronization's {@code afterCommit} (Spring then no longer calls
     * {@code afterCommit} for it), in {@code afterCompletion} with status committed.
     */
    private static final class OnCommit implements TransactionSynchronization {
        private final Runnable write;
        private boolean done;

        OnCommit(Runnable write) {
            this.write = write;
        }

        @Override
        public void afterCommit() {
            done = true;
            QueueDatabase.afterCommitPhase(write);
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED && !done) {
                done = true;
                QueueDatabase.afterCommitPhase(write);
            }
        }
    }

    private void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            dialect.rollback(connection);
        } catch (SQLException rollbackError) {
            cause.addSuppressed(rollbackError);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JQueueError("interrupted while retrying a transient database error");
        }
    }

    /** Wraps a JDBC error; the message names the database family. */
    public JQueueError translate(SQLException e) {
        return new JQueueError("jqueue " + dialect.name() + " error: " + e.getMessage(), e);
    }

    /** Joins values as {@code ?, ?, ?} placeholders. */
    public static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** Splits a list into chunks of at most {@code size} (SQLite and MySQL parameter limits). */
    public static <T> List<List<T>> chunks(List<T> values, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += size) {
            chunks.add(values.subList(i, Math.min(values.size(), i + size)));
        }
        return chunks;
    }
}
