package dev.jqueue.bench.peers;

import dev.jqueue.bench.CpuSample;
import dev.jqueue.bench.Percentiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The peer drain scenarios: another job queue drains SIZE no-op tasks on the same database as
 * jqueue's worker-drain, measured the same way (wall time from starting the workers until the
 * database records the last completion, checked every 50 ms; machine and JVM CPU over that span),
 * so the two can be read side by side.
 */
public final class PeerDrain {

    public static final String DB_SCHEDULER = "peer-drain-db-scheduler";
    public static final String JOBRUNR = "peer-drain-jobrunr";
    /** Never part of {@code --scenario=all}: they need PostgreSQL or MariaDB and take a while. */
    public static final List<String> SCENARIOS = List.of(DB_SCHEDULER, JOBRUNR);
    public static final int DEFAULT_SIZE = 20_000;
    /** Worker threads of every peer: jqueue's single-worker drain shape runs 16 too (1x16p4). */
    static final int THREADS = 16;
    /**
     * A connection for each worker thread (both peers hold one while they record a completion) and a
     * few for their pollers, heartbeats and the drain check, so no peer waits on the pool.
     */
    public static final int POOL_SIZE = THREADS + 4;
    public static final List<String> TABLE_METRICS = List.of("jobs_per_second", "duration_s", "first_run_s",
            "after_first_jobs_per_second", "seed_jobs_per_second", "cpu_busy_pct");
    private static final long CHECK_MILLIS = 50;

    private PeerDrain() {
    }

    /** What a run records as its {@code params}: the peer, its version and its settings. */
    public static Map<String, Object> params(String scenario, String db) {
        return peer(scenario, db).params();
    }

    public static Map<String, Object> run(String scenario, DataSource ds, String db, int size) throws Exception {
        try (Peer peer = peer(scenario, db)) {
            peer.reset(ds);
            PeerNoop.prepare(size);
            long seedStart = System.nanoTime();
            peer.seed(ds, size);
            long seedElapsed = System.nanoTime() - seedStart;
            if (PeerNoop.total() != 0) {
                throw new IllegalStateException(PeerNoop.total() + " tasks ran while seeding");
            }

            long timeoutNanos = TimeUnit.SECONDS.toNanos(Math.max(120, size / 50));
            CpuSample cpuBefore = CpuSample.now();
            long t0 = System.nanoTime();
            peer.start();
            long firstRun = -1;
            long drained;
            while (true) {
                Thread.sleep(CHECK_MILLIS);
                if (firstRun < 0 && PeerNoop.total() > 0) {
                    firstRun = System.nanoTime(); // start-up cost, to the nearest check
                }
                if (peer.drained()) {
                    drained = System.nanoTime();
                    break;
                }
                if (System.nanoTime() - t0 > timeoutNanos) {
                    throw new IllegalStateException(scenario + " of " + size + " did not finish within "
                            + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s (" + PeerNoop.total() + " ran)");
                }
            }
            CpuSample cpuAfter = CpuSample.now();
            long stopStart = System.nanoTime();
            peer.stop();
            long stopElapsed = System.nanoTime() - stopStart;

            PeerNoop.verifyExactlyOnce(size);
            peer.verify(size);

            long elapsed = drained - t0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", size);
            m.put("duration_s", seconds(elapsed));
            m.put("jobs_per_second", Percentiles.round(size / (elapsed / 1e9), 1));
            m.put("first_run_s", seconds(firstRun - t0));
            // Throughput once the first task ran: start-up (JobRunr's is about a second) weighs on small sizes.
            m.put("after_first_jobs_per_second", Percentiles.round(size / ((drained - firstRun) / 1e9), 1));
            m.put("seed_jobs_per_second", Percentiles.round(size / (seedElapsed / 1e9), 1));
            m.put("stop_s", seconds(stopElapsed));
            m.put("cpu_busy_pct", Percentiles.round(cpuAfter.busyPercentSince(cpuBefore), 1));
            m.put("jvm_cpu_pct", Percentiles.round(cpuAfter.jvmPercentSince(cpuBefore), 1));
            return m;
        }
    }

    private static Peer peer(String scenario, String db) {
        return switch (scenario) {
            case DB_SCHEDULER -> new DbSchedulerPeer(db);
            case JOBRUNR -> new JobRunrPeer();
            default -> throw new IllegalArgumentException("not a peer scenario: " + scenario);
        };
    }

    private static double seconds(long nanos) {
        return Percentiles.round(nanos / 1e9, 4);
    }
}
