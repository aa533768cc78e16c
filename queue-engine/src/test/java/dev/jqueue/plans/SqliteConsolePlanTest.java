package dev.jqueue.plans;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** {@link StepwiseConsolePlanTest} on SQLite: {@code EXPLAIN QUERY PLAN} details naming {@code f}. */
class SqliteConsolePlanTest extends StepwiseConsolePlanTest<SqlitePlanDatabase> {

    @Override
    SqlitePlanDatabase open() {
        return new SqlitePlanDatabase();
    }

    @Override
    List<String> failedReads(Statement statement) throws SQLException {
        List<String> reads = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN " + BY_CLASS)) {
            while (rs.next()) {
                String detail = rs.getString("detail");
                if (detail.matches("(SCAN|SEARCH) f\\b.*")) {
                    reads.add(detail);
                }
            }
        }
        return reads;
    }
}
