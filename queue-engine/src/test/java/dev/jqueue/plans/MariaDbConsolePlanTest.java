package dev.jqueue.plans;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** {@link StepwiseConsolePlanTest} on MariaDB: the {@code EXPLAIN} row of table {@code f} (access type and key). */
class MariaDbConsolePlanTest extends StepwiseConsolePlanTest<MariaDbPlanDatabase> {

    @Override
    MariaDbPlanDatabase open() {
        return MariaDbPlanDatabase.open();
    }

    @Override
    List<String> failedReads(Statement statement) throws SQLException {
        List<String> reads = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("EXPLAIN " + BY_CLASS)) {
            while (rs.next()) {
                if ("f".equals(rs.getString("table"))) {
                    reads.add("type=" + rs.getString("type") + " key=" + rs.getString("key") + " extra=" + rs.getString("Extra"));
                }
            }
        }
        return reads;
    }
}
