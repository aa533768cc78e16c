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
 * Otherwise jqueue owns the transaction and retries it on transient errors (deadlock,
 * serialization failure, lock timeout, SQLite busy) a bounded number of times.
 */
public final class QueueDatabase {

    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String name;

    public QueueDatabase(String name, DataSource dataSource, Dialect dialect) {
        this.name = name;
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public String name() {
        return name;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when a Spring transaction on this DataSource is active on this thread. */
    public boolean callerTransactionActive() {
        Object resource = TransactionSynchronizationManager.getResource(dataSource);
        return resource instanceof ConnectionHolder holder && holder.isSynchronizedWithTransaction()
                && TransactionSynchronizationManager.isActualTransactionActive();
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

    /** Runs read-only work outside any transaction jqueue would start. */
    public <T> T read(SqlWork<T> work) {
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
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            afterCommit.run();
                        }
                    });
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
                if (afterCommit != null) {
                    afterCommit.run();
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
