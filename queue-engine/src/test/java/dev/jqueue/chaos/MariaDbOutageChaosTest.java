package dev.jqueue.chaos;

/**
 * Scenarios 1 and 2 on MariaDB: a private server restarted mid-drain (5,000 jobs: MariaDB drains
 * slower than PostgreSQL here, and the PostgreSQL run carries the 20,000), and every session
 * killed ({@code KILL CONNECTION}) every half second mid-drain.
 */
class MariaDbOutageChaosTest extends DatabaseOutageChaos {

    @Override
    protected PrivateServer startServer() {
        return PrivateMariaDb.start("the MariaDB outage scenarios");
    }

    @Override
    protected String family() {
        return "MariaDB";
    }

    @Override
    protected int restartJobs() {
        return 5_000;
    }
}
