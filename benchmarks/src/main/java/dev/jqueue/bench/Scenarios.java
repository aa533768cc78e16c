package dev.jqueue.bench;

import dev.jqueue.EnqueueRequest;
import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.bench.peers.PeerDrain;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The four scenarios. Each takes a freshly reset database and a built backend, and returns
 * its metrics; it throws if the database does not end in the state the scenario expects.
 */
final class Scenarios {

    static final String NOOP = "bench.noop";
    static final String STAMP = "bench.stamp";
    private static final int SEED_CHUNK = 10_000;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Scenarios() {
    }

    /** Key metric of each scenario and whether lower is better. */
    static String keyMetric(String scenario) {
        return switch (scenario) {
            case "single-enqueue" -> "latency_p95_ms";
            case "pickup-latency" -> "pickup_p99_ms";
            case RecurringPoll.SCENARIO -> "poll_p95_ms";
            case ConsoleReads.SCENARIO -> "overview_p50_ms";
            default -> "jobs_per_second";
        };
    }

    static boolean lowerIsBetter(String scenario) {
        return scenario.equals("single-enqueue") || scenario.equals("pickup-latency")
                || scenario.equals(RecurringPoll.SCENARIO) || scenario.equals(ConsoleReads.SCENARIO);
    }

    /** Other metrics shown in the tables (medians). */
    static List<String> tableMetrics(String scenario) {
        return switch (scenario) {
            case "single-enqueue" -> List.of("latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms",
                    "jobs_per_second");
            case "bulk-enqueue" -> List.of("jobs_per_second", "duration_s");
            case "worker-drain" -> List.of("jobs_per_second", "duration_s", "seed_jobs_per_second", "cpu_busy_pct",
                    "jvm_cpu_pct", "db_cpu_pct", "statements_per_job", "commits_per_job");
            case "pickup-latency" -> List.of("pickup_p50_ms", "pickup_p95_ms", "pickup_p99_ms", "pickup_max_ms",
                    "enqueue_p50_ms");
            case PeerDrain.DB_SCHEDULER, PeerDrain.JOBRUNR -> PeerDrain.TABLE_METRICS;
            case HotKeyDrain.SCENARIO -> HotKeyDrain.TABLE_METRICS;
            case RecurringPoll.SCENARIO -> RecurringPoll.TABLE_METRICS;
            case ConsoleReads.SCENARIO -> ConsoleReads.TABLE_METRICS;
            case ProcessDrain.SCENARIO -> ProcessDrain.TABLE_METRICS;
            default -> List.of();
        };
    }

    // ---------------------------------------------------------------- single-enqueue

    static Map<String, Object> singleEnqueue(Backend backend, DataSource ds, int size) throws SQLException {
        long[] latencies = new long[size];
        long start = System.nanoTime();
        for (int i = 0; i < size; i++) {
            long t0 = System.nanoTime();
            backend.enqueue(NOOP, i);
            latencies[i] = System.nanoTime() - t0;
        }
        long elapsed = System.nanoTime() - start;
        expect(ds, "SELECT COUNT(*) FROM jqueue_ready_executions", size, "ready rows after single enqueue");
        double[] ms = Percentiles.millis(latencies);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", size);
        m.put("duration_s", seconds(elapsed));
        m.put("jobs_per_second", rate(size, elapsed));
        m.put("latency_p50_ms", Percentiles.round(Percentiles.rank(ms, 50), 3));
        m.put("latency_p95_ms", Percentiles.round(Percentiles.rank(ms, 95), 3));
        m.put("latency_p99_ms", Percentiles.round(Percentiles.rank(ms, 99), 3));
        m.put("latency_mean_ms", Percentiles.round(Percentiles.mean(ms), 3));
        m.put("latency_max_ms", Percentiles.round(ms[ms.length - 1], 3));
        return m;
    }

    // ---------------------------------------------------------------- bulk-enqueue

    static Map<String, Object> bulkEnqueue(Backend backend, DataSource ds, int size) throws SQLException {
        List<EnqueueRequest> requests = requests(0, size);
        long t0 = System.nanoTime();
        backend.enqueueAll(requests);
        long elapsed = System.nanoTime() - t0;
        expect(ds, "SELECT COUNT(*) FROM jqueue_ready_executions", size, "ready rows after bulk enqueue");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", size);
        m.put("duration_s", seconds(elapsed));
        m.put("jobs_per_second", rate(size, elapsed));
        return m;
    }

    // ---------------------------------------------------------------- worker-drain

    static Map<String, Object> workerDrain(Backend backend, DataSource ds, int size, Options.DrainShape shape,
                                           boolean preserve, String stats, SqlAction analyze, CountingDataSource counted,
                                           FinishedJobs retained)
            throws Exception {
        long retainNanos = retained.seed(ds); // --finished: before the history below, which only finishes unfinished jobs
        int history = retained.count();
        if (stats.equals("history") || stats.equals("backlog")) {
            // A queue that has been running: SIZE finished jobs retained (preserve-finished-jobs) and
            // statistics that have seen them, as autovacuum / InnoDB would have gathered.
            for (int from = 0; from < size; from += SEED_CHUNK) {
                backend.enqueueAll(requests(from, Math.min(size, from + SEED_CHUNK)));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM jqueue_ready_executions");
                s.executeUpdate("UPDATE jqueue_jobs SET finished_at = updated_at, attempts = 1 WHERE finished_at IS NULL");
            }
            if (stats.equals("history")) {
                analyze.run(); // statistics of an idle queue with its finished jobs retained
            }
            history += size;
        }
        long seedStart = System.nanoTime();
        for (int from = 0; from < size; from += SEED_CHUNK) {
            backend.enqueueAll(requests(from, Math.min(size, from + SEED_CHUNK)));
        }
        long seedElapsed = System.nanoTime() - seedStart;
        expect(ds, "SELECT COUNT(*) FROM jqueue_ready_executions", size, "seeded ready rows");
        if (stats.equals("seeded") || stats.equals("backlog")) {
            analyze.run(); // statistics gathered right after the burst (seeded: nothing finished yet)
        }

        Supervisor supervisor = BackendBuilder.supervisor(backend,
                DrainTimer.properties(shape.workers(), shape.threads(), shape.prefetch(), preserve));
        DrainTimer.Span span;
        try {
            span = DrainTimer.time(ds, "worker-drain of " + size, DrainTimer.timeoutNanos(size, 50), counted,
                    supervisor::start);
        } catch (Exception e) {
            supervisor.stop();
            throw e;
        }
        long stopStart = System.nanoTime();
        supervisor.stop();
        long stopElapsed = System.nanoTime() - stopStart;

        if (preserve) {
            expect(ds, "SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL", size + history, "finished jobs");
        } else {
            expect(ds, "SELECT COUNT(*) FROM jqueue_jobs", history, "jobs left (finished jobs are deleted)");
        }
        expect(ds, "SELECT COUNT(*) FROM jqueue_failed_executions", 0, "failed executions");

        Map<String, Object> m = new LinkedHashMap<>();
        // Statements include the runners' own polls and heartbeats during the drain: what a job costs in all.
        span.record(m, size);
        m.put("seed_jobs_per_second", rate(size, seedElapsed));
        m.put("stop_s", seconds(stopElapsed));
        if (retained.count() > 0) {
            m.put("finished_seed_s", seconds(retainNanos));
        }
        return m;
    }

    static boolean anyUnfinished(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT CASE WHEN EXISTS (SELECT 1 FROM jqueue_ready_executions)"
                + " OR EXISTS (SELECT 1 FROM jqueue_claimed_executions) THEN 1 ELSE 0 END")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    // ---------------------------------------------------------------- pickup-latency

    static Map<String, Object> pickupLatency(Backend backend, DataSource ds, int count, int threads, int pollingMillis,
                                             int spacingMillis) throws Exception {
        BenchTasks.STARTED.clear();
        BackendProperties props = BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("*"), threads, 1, Duration.ofMillis(pollingMillis), 2, false)))
                .withTimings(Duration.ofSeconds(60), Duration.ofSeconds(300), Duration.ofSeconds(30));
        Supervisor supervisor = BackendBuilder.supervisor(backend, props);
        supervisor.start();
        long[] sequences = new long[count];
        long[] returnedAt = new long[count];
        long[] enqueueNanos = new long[count];
        try {
            Thread.sleep(Math.max(500, 3L * pollingMillis)); // let the worker go idle
            long base = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long target = base + TimeUnit.MILLISECONDS.toNanos((long) i * spacingMillis);
                long wait = target - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long sequence = SEQUENCE.incrementAndGet();
                sequences[i] = sequence;
                long t0 = System.nanoTime();
                backend.enqueue(STAMP, sequence);
                returnedAt[i] = System.nanoTime();
                enqueueNanos[i] = returnedAt[i] - t0;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!allStarted(sequences)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pickup-latency: not every job started within 30 s");
                }
                Thread.sleep(10);
            }
        } finally {
            supervisor.stop();
        }
        long[] latencies = new long[count];
        int negative = 0;
        for (int i = 0; i < count; i++) {
            latencies[i] = BenchTasks.STARTED.get(sequences[i]) - returnedAt[i];
            if (latencies[i] < 0) {
                negative++; // started before enqueue() returned to the caller (after its commit)
            }
        }
        double[] ms = Percentiles.millis(latencies);
        double[] enq = Percentiles.millis(enqueueNanos);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("polling_interval_ms", pollingMillis);
        m.put("spacing_ms", spacingMillis);
        m.put("pickup_p50_ms", Percentiles.round(Percentiles.rank(ms, 50), 3));
        m.put("pickup_p95_ms", Percentiles.round(Percentiles.rank(ms, 95), 3));
        m.put("pickup_p99_ms", Percentiles.round(Percentiles.rank(ms, 99), 3));
        m.put("pickup_mean_ms", Percentiles.round(Percentiles.mean(ms), 3));
        m.put("pickup_min_ms", Percentiles.round(ms[0], 3));
        m.put("pickup_max_ms", Percentiles.round(ms[ms.length - 1], 3));
        m.put("started_before_return", negative);
        m.put("enqueue_p50_ms", Percentiles.round(Percentiles.rank(enq, 50), 3));
        m.put("enqueue_p99_ms", Percentiles.round(Percentiles.rank(enq, 99), 3));
        return m;
    }

    private static boolean allStarted(long[] sequences) {
        for (long s : sequences) {
            if (!BenchTasks.STARTED.containsKey(s)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    /** A database step run between seeding and draining. */
    @FunctionalInterface
    interface SqlAction {
        void run() throws SQLException;
    }

    static List<EnqueueRequest> requests(int from, int to) {
        List<EnqueueRequest> requests = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            requests.add(EnqueueRequest.of(NOOP, i));
        }
        return Collections.unmodifiableList(requests);
    }

    static void expect(DataSource ds, String sql, long expected, String what) throws SQLException {
        long actual = BenchDatabase.count(ds, sql);
        if (actual != expected) {
            throw new IllegalStateException(what + ": expected " + expected + ", found " + actual);
        }
    }

    static double seconds(long nanos) {
        return Percentiles.round(nanos / 1e9, 4);
    }

    static double rate(long count, long nanos) {
        return Percentiles.round(count / (nanos / 1e9), 1);
    }
}
