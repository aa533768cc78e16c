package dev.jqueue.bench;

import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.WorkerProperties;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Times a drain the way worker-drain does: from the moment the workers are told to start until
 * no ready or claimed row remains (checked every 50 ms on a connection of the raw pool, so the
 * checks are not counted), with machine, harness and database-server CPU and the engine's
 * statements over that span. Used by hot-key-drain and process-drain.
 */
final class DrainTimer {

    private static final long CHECK_MILLIS = 50;

    private DrainTimer() {
    }

    /** Starts the workers; called once, right after the clock starts. */
    @FunctionalInterface
    interface Start {
        void run() throws Exception;
    }

    /** One timed drain. Statement counts are -1 when nothing was counted in this JVM. */
    record Span(long nanos, double busyPct, double jvmPct, double dbPct, long statements, long batches, long commits) {

        /** The metrics every drain reports, per job where it makes sense. */
        void record(Map<String, Object> m, int jobs) {
            m.put("count", jobs);
            m.put("duration_s", Scenarios.seconds(nanos));
            m.put("jobs_per_second", Scenarios.rate(jobs, nanos));
            m.put("cpu_busy_pct", Percentiles.round(busyPct, 1));
            m.put("jvm_cpu_pct", Percentiles.round(jvmPct, 1));
            m.put("db_cpu_pct", Percentiles.round(dbPct, 1));
            if (statements >= 0) {
                m.put("statements_per_job", Percentiles.round((double) statements / jobs, 3));
                m.put("batches_per_job", Percentiles.round((double) batches / jobs, 4));
                m.put("commits_per_job", Percentiles.round((double) commits / jobs, 4));
            }
        }
    }

    /**
     * Runs {@code start} and waits until the queue is drained; throws after {@code timeoutNanos}
     * (the caller stops its workers in any case).
     */
    static Span time(DataSource ds, String what, long timeoutNanos, CountingDataSource counted, Start start)
            throws Exception {
        CpuSample cpuBefore = CpuSample.now();
        ServerCpu serverBefore = ServerCpu.now();
        long[] countsBefore = counts(counted);
        long t0;
        long drained;
        try (Connection monitor = ds.getConnection(); Statement s = monitor.createStatement()) {
            t0 = System.nanoTime();
            start.run();
            do {
                Thread.sleep(CHECK_MILLIS);
                if (System.nanoTime() - t0 > timeoutNanos) {
                    throw new IllegalStateException(what + " did not finish within "
                            + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
                }
            } while (Scenarios.anyUnfinished(s));
            drained = System.nanoTime();
        }
        CpuSample cpuAfter = CpuSample.now();
        ServerCpu serverAfter = ServerCpu.now();
        long[] countsAfter = counts(counted);
        return new Span(drained - t0, cpuAfter.busyPercentSince(cpuBefore), cpuAfter.jvmPercentSince(cpuBefore),
                serverAfter.percentSince(serverBefore), delta(countsAfter, countsBefore, 0),
                delta(countsAfter, countsBefore, 1), delta(countsAfter, countsBefore, 2));
    }

    /** The drain timeout: two minutes, more for large drains at {@code minRate} jobs/s. */
    static long timeoutNanos(int size, int minRate) {
        return TimeUnit.SECONDS.toNanos(Math.max(120, size / minRate));
    }

    /** {@code workers} workers on every queue, as the drain scenarios run them (100 ms polling). */
    static BackendProperties properties(int workers, int threads, int prefetch, boolean preserve) {
        List<WorkerProperties> list = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            list.add(new WorkerProperties(List.of("*"), threads, 1, Duration.ofMillis(100), prefetch, false));
        }
        return BackendProperties.defaults().withWorkers(list).withPreserveFinishedJobs(preserve)
                .withTimings(Duration.ofSeconds(60), Duration.ofSeconds(300), Duration.ofSeconds(30));
    }

    private static long[] counts(CountingDataSource counted) {
        return counted == null ? null
                : new long[] {counted.statements.get(), counted.batches.get(), counted.commits.get()};
    }

    private static long delta(long[] after, long[] before, int i) {
        return after == null ? -1 : after[i] - before[i];
    }
}
