package dev.jqueue.plans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every hot-path plan test does: one database of its own, rebuilt for each statistics
 * state, and no plan problem in any of them. A database that is not there skips the class
 * (or fails it when the databases are required), see {@link PlanDatabase#unreachable}.
 */
abstract class HotPathPlanTest<D extends PlanDatabase> extends PlanDatabaseTest<D> {

    /** The plan problems of the hot-path statements, each naming the state, the statement and the rule. */
    abstract List<String> problems(StatisticsState state) throws Exception;

    @ParameterizedTest
    @EnumSource(StatisticsState.class)
    void hotPathStatementsReadQueueTablesByKeyOrOrderedIndexOnly(StatisticsState state) throws Exception {
        database.build(state);
        assertThat(problems(state)).as("hot-path plans that depend on table size or statistics").isEmpty();
    }
}
