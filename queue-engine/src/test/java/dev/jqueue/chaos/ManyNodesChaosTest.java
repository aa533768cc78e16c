package dev.jqueue.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many worker nodes on one database, the way users grow past one machine: four worker JVMs
 * started at the same moment on an empty database (scenario 6, the migration race), then
 * 20,000 jobs across them (10,000 on MariaDB), each executed exactly once; on PostgreSQL and on MariaDB (private
 * servers: four nodes need more connections than the machine's shared servers can spare). {@code -Djqueue.chaos.nodes=N} and
 * {@code -Djqueue.chaos.nodeJobs=M} change the sizes and {@code -Djqueue.chaos.nodeWorkMillis=W}
 * makes each job work W ms (docs/reliability.md has the 100,000-job figures for one and four
 * nodes).
 *
 * <p>And the network variant: three nodes in network namespaces of their own, against a
 * private PostgreSQL, and one node's link cut mid-drain: its claims fail over through the alive
 * threshold while the others carry on.
 */
class ManyNodesChaosTest {

    private final List<ChaosNode> nodes = new ArrayList<>();
    private HikariDataSource pool;

    @AfterEach
    void tearDown() {
        nodes.forEach(ChaosNode::close);
        if (pool != null) {
            pool.close();
        }
    }

    private static int nodeCount() {
        return Integer.getInteger("jqueue.chaos.nodes", 4);
    }

    /** 20,000 on PostgreSQL; 10,000 on MariaDB, which drains at about a third of the rate here (CI time). */
    private static int nodeJobs(String family) {
        return Integer.getInteger("jqueue.chaos.nodeJobs", family.equals("MariaDB") ? 10_000 : 20_000);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void fourNodesOnOnePostgres() throws Exception {
        try (PrivatePostgres server = PrivatePostgres.start("the many-nodes scenario")) {
            server.createDatabase("chaos_nodes");
            manyNodes("PostgreSQL", server.jdbcUrl("chaos_nodes"), server.user());
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void fourNodesOnOneMariaDb() throws Exception {
        try (PrivateMariaDb server = PrivateMariaDb.start("the many-nodes scenario")) {
            server.createDatabase("chaos_nodes");
            manyNodes("MariaDB", server.jdbcUrl("chaos_nodes"), server.user());
        }
    }

    private void manyNodes(String family, String jdbcUrl, String user) throws Exception {
        int count = nodeCount();
        int jobs = nodeJobs(family);
        Instant started = Instant.now();
        for (int i = 1; i <= count; i++) { // all at once, on a database without any table
            nodes.add(ChaosNode.start("nodes-" + family.toLowerCase(Locale.ROOT) + "-" + i, List.of(), jdbcUrl, user,
                    ChaosNode.options("async", 4, "1s", "10s")));
        }
        pool = Chaos.pool("chaos-nodes", jdbcUrl, user, 8);
        Chaos.await(count + " supervisors registered", Duration.ofSeconds(150), () -> {
            nodes.forEach(ChaosNode::requireAlive);
            return TestSql.count(pool, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Supervisor'") == count;
        }, () -> nodes.getFirst().output());
        Duration startUp = Duration.between(started, Instant.now());
        assertThat(TestSql.count(pool, "SELECT COUNT(*) FROM (SELECT version FROM jqueue_schema_history "
                + "WHERE version IS NOT NULL GROUP BY version HAVING COUNT(*) > 1) d"))
                .as("each migration applied once").isZero();
        assertThat(TestSql.count(pool, "SELECT COUNT(*) FROM jqueue_schema_history WHERE NOT success")).isZero();

        Backend backend = BackendBuilder.on(pool).migrate(false).tasks(new ChaosTasks(pool)).build();
        RunLedger ledger = new RunLedger(pool).reset();
        backend.queue("default").pause();
        Chaos.enqueue(backend, jobs, "chaos.record", Long.getLong("jqueue.chaos.nodeWorkMillis", 0L));
        Instant resumed = Instant.now();
        backend.queue("default").resume();
        Chaos.await("every job done", Duration.ofSeconds(180), () -> ledger.successful() == jobs,
                () -> ledger.successful() + " of " + jobs + " done");
        Duration drain = Duration.between(resumed, Instant.now());
        long nodesThatRan = ledger.count("SELECT COUNT(DISTINCT pid) FROM " + RunLedger.TABLE);
        System.out.printf(Locale.ROOT, "[jqueue chaos] %s: %d node(s) up in %.1f s; %d jobs drained in %.1f s = %.0f jobs/s;"
                        + " %d node(s) ran jobs%n", family, count, startUp.toMillis() / 1000.0, jobs,
                drain.toMillis() / 1000.0, jobs * 1000.0 / Math.max(1, drain.toMillis()), nodesThatRan);

        ReliabilityLine line = ledger.line("6. " + count + " nodes started at once on an empty database (migration race), "
                + "then the jobs across them", family, jobs, startUp);
        assertThat(line.runs()).as("each job executed exactly once").isEqualTo(jobs);
        assertThat(ledger.count("SELECT COUNT(DISTINCT job_id) FROM " + RunLedger.TABLE)).isEqualTo(jobs);
        line.assertClean();
        if (count > 1) {
            assertThat(nodesThatRan).as("the work was shared between the nodes").isGreaterThan(1);
        }
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void nodesInNetworkNamespacesOneLinkCutMidDrain() throws Exception {
        int count = 3;
        try (NetworkNamespaces namespaces = NetworkNamespaces.create(count)) {
            Assumptions.assumeTrue(namespaces != null, "network namespaces cannot be created here (reason printed above)");
            List<String> addresses = new ArrayList<>();
            for (int k = 1; k <= count; k++) {
                addresses.add(NetworkNamespaces.hostAddress(k));
            }
            try (PrivatePostgres server = PrivatePostgres.start("the network-namespace nodes", addresses,
                    NetworkNamespaces.CLIENTS)) {
                cutOneLink(namespaces, server, count);
            }
        }
    }

    private void cutOneLink(NetworkNamespaces namespaces, PrivatePostgres server, int count) throws Exception {
        String database = "chaos_netns";
        server.createDatabase(database);
        pool = Chaos.pool("chaos-netns", server.jdbcUrl(database), "postgres", 8);
        Backend backend = BackendBuilder.on(pool).tasks(new ChaosTasks(pool)).build();
        RunLedger ledger = new RunLedger(pool).reset();
        for (int k = 1; k <= count; k++) {
            nodes.add(ChaosNode.start("netns-node-" + k, namespaces.exec(k),
                    server.jdbcUrl(NetworkNamespaces.hostAddress(k), database), "postgres",
                    ChaosNode.options("async", 4, "500ms", "4s")));
        }
        Chaos.await(count + " supervisors registered", Duration.ofSeconds(150), () -> {
            nodes.forEach(ChaosNode::requireAlive);
            return TestSql.count(pool, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Supervisor'") == count;
        }, () -> nodes.getFirst().output());
        int jobs = 6_000;
        Chaos.enqueue(backend, jobs, "chaos.record", 2L);
        ChaosNode cutNode = nodes.get(1);
        String claimsOfCutNode = "SELECT COUNT(*) FROM jqueue_claimed_executions c JOIN jqueue_processes p "
                + "ON p.id = c.process_id WHERE p.pid = " + cutNode.pid();
        Chaos.await("node 2 to hold claims", Duration.ofSeconds(60), () -> ledger.runs() > 1_000
                && TestSql.count(pool, claimsOfCutNode) > 0, cutNode::output);

        Instant cut = Instant.now();
        namespaces.cut(2);
        // The pid seen from the host is the node's pid: its rows are pruned by the others after the threshold.
        Duration recovery = Chaos.timeUntil(cut, Duration.ofSeconds(60), () -> TestSql.count(pool,
                "SELECT COUNT(*) FROM jqueue_processes WHERE pid = " + cutNode.pid()) == 0);
        long pruned = ledger.count("SELECT COUNT(*) FROM jqueue_failed_executions WHERE exception_class = "
                + "'dev.jqueue.ProcessPrunedError'");
        Chaos.await("every job done by the nodes still connected", Duration.ofSeconds(120), () -> {
            backend.jobActions.retryAllFailed(); // as an operator would
            return ledger.successful() == jobs;
        }, () -> ledger.successful() + " of " + jobs + " done");
        ReliabilityLine line = ledger.line("netns: " + count + " nodes in network namespaces, one link cut mid-drain ("
                + pruned + " claims failed over with ProcessPrunedError, retried)", "PostgreSQL", jobs, recovery);
        assertThat(pruned).as("the cut node's claims failed over").isPositive();
        line.assertClean();
    }
}
