package dev.jqueue.observability.postgres;

import dev.jqueue.state.Tables;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-table autovacuum settings jqueue recommends for its hot tables (jobs, the five
 * execution tables and the recurring reservations), which churn far faster than the server's
 * defaults assume: vacuum at 1 % dead rather than 20 %. Printed by {@code jqueue:postgres-autovacuum}
 * and shown on the console's PostgreSQL health page; applied by nobody but a DBA.
 */
public final class AutovacuumAdvice {

    public static final String SETTINGS = "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50, "
            + "autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 50";
    /** The first of the settings as PostgreSQL stores it in {@code pg_class.reloptions}: it tells a tuned table. */
    public static final String SCALE_FACTOR_OPTION = "autovacuum_vacuum_scale_factor=0.01";

    private AutovacuumAdvice() {
    }

    public static List<String> tables() {
        List<String> tables = new ArrayList<>();
        tables.add(Tables.JOBS);
        tables.addAll(List.of(Tables.EXECUTIONS));
        tables.add(Tables.RECURRING_EXECUTIONS);
        return List.copyOf(tables);
    }

    /** One reviewable {@code ALTER TABLE … SET (…)} per hot table. */
    public static List<String> statements() {
        return tables().stream().map(table -> "ALTER TABLE " + table + " SET (" + SETTINGS + ");").toList();
    }
}
