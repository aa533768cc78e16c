package dev.jqueue.plans;

import dev.jqueue.testing.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database the plan tests rebuild for every {@link StatisticsState}: new tables, 100,000
 * finished jobs retained and a backlog (20,000 ready jobs of which 2,000 claimed, 2,000 due
 * scheduled jobs), with the statistics taken at the point the state names.
 */
interface PlanDatabase extends AutoCloseable {

    /** Drops every jqueue table (statistics go with them) and migrates again. */
    void recreate() throws SQLException;

    /** Finished jobs across ten queues, as retention keeps them. */
    void seedFinished(int count) throws SQLException;

    /** A backlog: ready jobs, some of them claimed, and scheduled jobs, all of them due. */
    void seedBacklog(int ready, int claimed, int scheduled) throws SQLException;

    /**
     * What a drain leaves: no execution rows (their pages stay, as nothing vacuums them here),
     * every job finished.
     */
    void drainBacklog() throws SQLException;

    /** Takes the planner's statistics of the queue tables as they are now. */
    void analyze() throws SQLException;

    @Override
    void close() throws SQLException;

    /** New tables, filled and analyzed in the order the state names. */
    default void build(StatisticsState state) throws SQLException {
        int finished = 100_000;
        int ready = 20_000;
        int claimed = 2_000;
        int scheduled = 2_000;
        recreate();
        switch (state) {
            case FRESH -> {
                seedFinished(finished);
                seedBacklog(ready, claimed, scheduled);
            }
            case SEEDED -> {
                seedBacklog(ready, claimed, scheduled);
                analyze();
                seedFinished(finished);
            }
            case HISTORY -> {
                // A queue that has run and gone idle: its execution tables emptied by the
                // transitions (dead pages, no live rows) and analyzed like that.
                seedFinished(finished);
                seedBacklog(ready, claimed, scheduled);
                drainBacklog();
                analyze();
                seedBacklog(ready, claimed, scheduled);
            }
            case BACKLOG -> {
                seedFinished(finished);
                seedBacklog(ready, claimed, scheduled);
                analyze();
            }
        }
    }

    /**
     * A plan test's database server is down: skips the test class with the reason, or fails it
     * when the databases are required ({@link TestDatabase#databasesRequired()}).
     */
    static IllegalStateException unreachable(String database, String url, Exception cause) {
        String reason = database + " is not reachable at " + url + " (" + cause.getMessage() + ")";
        if (TestDatabase.databasesRequired()) {
            Assertions.fail("required database missing: " + reason);
        }
        System.out.println("[jqueue tests] skipping " + database + " plan tests: " + reason);
        Assumptions.abort(reason);
        return new IllegalStateException(reason);
    }
}
