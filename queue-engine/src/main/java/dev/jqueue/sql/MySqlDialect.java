package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * MySQL 8+ and MariaDB 10.6+: SKIP LOCKED, multi-statement transitions, DATETIME(6) in UTC.
 * Transactions run at READ COMMITTED so that locking reads take no gap locks.
 */
public final class MySqlDialect implements Dialect {

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public boolean supportsSkipLocked() {
        return true;
    }

    @Override
    public boolean supportsSingleStatementLockAndFetch() {
        return false;
    }

    @Override
    public boolean supportsArrayParameters() {
        return false;
    }

    private final ClaimGate claimGate = new RowClaimGate();

    @Override
    public ClaimGate claimGate() {
        return claimGate;
    }

    @Override
    public boolean supportsListenNotify() {
        return false;
    }

    @Override
    public boolean serializesWrites() {
        return false;
    }

    @Override
    public boolean supportsInsertReturning() {
        return false; // MySQL 8 has no INSERT ... RETURNING; generated keys work on both
    }

    @Override
    public String insertIgnore(String intoClause) {
        return "INSERT IGNORE INTO " + intoClause;
    }

    @Override
    public String forceIndex(String index) {
        return " FORCE INDEX (" + index + ")";
    }

    /** The execution tables' unique job id indexes, as the migrations name them. */
    private static final java.util.Map<String, String> JOB_ID_INDEXES = java.util.Map.of(
            "jqueue_ready_executions", "jqueue_re_job_uniq", "jqueue_scheduled_executions", "jqueue_se_job_uniq",
            "jqueue_claimed_executions", "jqueue_ce_job_uniq", "jqueue_blocked_executions", "jqueue_bl_job_uniq",
            "jqueue_failed_executions", "jqueue_fe_job_uniq");

    @Override
    public String forceKeyLookup(String executionTable) {
        return forceIndex(JOB_ID_INDEXES.get(executionTable));
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier + "`";
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        if (connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
