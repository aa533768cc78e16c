package dev.jqueue.plans;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The console's failed rows of one exception class on MariaDB and SQLite, in each statistics
 * state with 100,000 finished and 20,000 failed jobs: read through the V3 index
 * {@code jqueue_fe_class_created_idx} (or the failed {@code created_at} index, whose order the
 * list wants), never by scanning the failed table.
 */
abstract class StepwiseConsolePlanTest<D extends StepwisePlanDatabase> extends PlanDatabaseTest<D> {

    static final String CLASS = "java.lang.IllegalStateException";
    /** The exception-class part of the console's failed list (JobSearch puts the failed table first). */
    static final String BY_CLASS = "SELECT f.job_id FROM jqueue_failed_executions f JOIN jqueue_jobs j ON j.id = f.job_id "
            + "WHERE j.backend_alias = 'default' AND f.exception_class = '" + CLASS + "' "
            + "ORDER BY f.created_at DESC, f.job_id DESC LIMIT 100";

    /** How the plan of {@link #BY_CLASS} reads the failed table {@code f}: one line per read of it. */
    abstract List<String> failedReads(Statement statement) throws SQLException;

    @ParameterizedTest
    @EnumSource(StatisticsState.class)
    void failedRowsOfAClassAreReadThroughAFailedIndex(StatisticsState state) throws Exception {
        database.build(state);
        try (PreparedStatement ps = database.connection().prepareStatement("INSERT INTO jqueue_failed_executions "
                + "(job_id, exception_class, message, traceback, created_at) SELECT id, CASE WHEN id < '8' THEN '" + CLASS
                + "' ELSE 'java.io.UncheckedIOException' END, '', '', ? FROM jqueue_jobs WHERE finished_at IS NOT NULL "
                + "ORDER BY id LIMIT 20000")) {
            database.dialect().setInstant(ps, 1, Instant.now());
            ps.executeUpdate();
        }
        if (state == StatisticsState.BACKLOG) {
            database.analyze();
        }
        List<String> reads;
        try (Statement statement = database.connection().createStatement()) {
            reads = failedReads(statement);
        }
        assertThat(reads).as(state + ": how the failed rows of a class are read").isNotEmpty()
                .allSatisfy(read -> assertThat(read).containsAnyOf("jqueue_fe_class_created_idx", "jqueue_fe_created_job_idx"));
    }
}
