package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run on a connection jqueue manages. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
