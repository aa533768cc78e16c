package dev.jqueue.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Picks the dialect of a DataSource from its JDBC metadata: the product name names the family
 * (any driver: MySQL Connector/J and the MariaDB driver both serve the MySQL family), the
 * version tells MySQL from MariaDB and is checked against the supported floor.
 */
public final class Dialects {

    private Dialects() {
    }

    public static Dialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return forProduct(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
        } catch (SQLException e) {
            throw new IllegalStateException("jqueue could not connect to its queue database: " + e.getMessage(), e);
        }
    }

    public static Dialect forProduct(String product, String version) {
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return new PostgresDialect();
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MySqlDialect.forServer(product, version); // MySQL 8.0+ or MariaDB 10.6+, told apart by the version
        }
        if (name.contains("sqlite")) {
            return new SqliteDialect();
        }
        throw new IllegalStateException("jqueue does not support the database '" + product + " " + version
                + "'; supported: PostgreSQL 14+, MySQL 8+, MariaDB 10.6+, SQLite 3.35+");
    }
}
