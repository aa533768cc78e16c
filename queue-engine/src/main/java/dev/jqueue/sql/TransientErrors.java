package dev.jqueue.sql;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises deadlocks, serialization failures, lock timeouts and SQLite busy errors: the
 * errors a transaction may be retried for, walking the cause chain.
 */
public final class TransientErrors {

    private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03");
    private static final Set<Integer> MYSQL_CODES = Set.of(1205, 1213);
    private static final Set<Integer> SQLITE_CODES = Set.of(5, 6, 261, 262, 517);
    private static final String[] MESSAGES = {
            "deadlock", "lock wait timeout", "try restarting transaction",
            "could not serialize access", "database is locked", "sqlite_busy"};

    private TransientErrors() {
    }

    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getSQLState() != null && SQL_STATES.contains(sql.getSQLState())) {
                    return true;
                }
                String vendor = sql.getClass().getName();
                if (vendor.contains("sqlite") && SQLITE_CODES.contains(sql.getErrorCode())) {
                    return true;
                }
                if ((vendor.contains("mysql") || vendor.contains("mariadb")) && MYSQL_CODES.contains(sql.getErrorCode())) {
                    return true;
                }
            }
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String fragment : MESSAGES) {
                    if (lower.contains(fragment)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
