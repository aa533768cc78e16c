package dev.jqueue.bench;

import dev.jqueue.EnqueueRequest;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.runtime.Supervisor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * hot-key-drain: SIZE jobs of {@code bench.hot}, a task with a concurrency limit of 1 on one
 * key, enqueued up front (one ready, the rest blocked), drained by one worker of 16 threads.
 * Every job after the first becomes ready only when the one before completes and hands its slot
 * over, so this measures that hand-off: completion, unblocking and the next claim, one at a time.
 *
 * <p>The task body records its start and end and the number of runs in progress, and holds for
 * {@link #HOLD_NANOS} so that two runs released together would overlap; a run fails unless every
 * job ran once, never two at a time.
 */
final class HotKeyDrain {

    static final String SCENARIO = "hot-key-drain";
    static final String KEY = "bench-hot";
    static final int DEFAULT_SIZE = 2_000;
    static final int THREADS = 16;
    static final int PREFETCH = 4;
    static final List<String> TABLE_METRICS = List.of("jobs_per_second", "duration_s", "statements_per_job",
            "commits_per_job", "max_concurrent", "cpu_busy_pct", "db_cpu_pct");
    /** How long a run holds its slot: short beside a claim, long enough to see two runs overlap. */
    static final long HOLD_NANOS = 20_000;
    private static final int SEED_CHUNK = 10_000;

    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static volatile long[] starts = new long[0];
    private static volatile long[] ends = new long[0];

    private HotKeyDrain() {
    }

    static Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("shape", "1x" + THREADS + "p" + PREFETCH);
        p.put("limit", 1);
        p.put("hold_us", HOLD_NANOS / 1000);
        return p;
    }

    /** The body of {@code bench.hot}. */
    static void ran() {
        long start = System.nanoTime();
        MAX_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        while (System.nanoTime() - start < HOLD_NANOS) {
            Thread.onSpinWait();
        }
        long end = System.nanoTime();
        RUNNING.decrementAndGet();
        int i = RUNS.getAndIncrement();
        long[] s = starts;
        long[] e = ends;
        if (i < s.length) {
            s[i] = start;
            e[i] = end;
        }
    }

    static Map<String, Object> run(Backend backend, DataSource ds, int size, boolean preserve,
                                   CountingDataSource counted) throws Exception {
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        RUNS.set(0);
        starts = new long[size];
        ends = new long[size];

        long seedStart = System.nanoTime();
        for (int from = 0; from < size; from += SEED_CHUNK) {
            List<EnqueueRequest> requests = new ArrayList<>();
            for (int i = from; i < Math.min(size, from + SEED_CHUNK); i++) {
                requests.add(EnqueueRequest.of("bench.hot", i));
            }
            backend.enqueueAll(requests);
        }
        long seedElapsed = System.nanoTime() - seedStart;
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_ready_executions", 1, "ready rows after seeding one key");
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_blocked_executions", size - 1L, "blocked rows after seeding");

        Supervisor supervisor = BackendBuilder.supervisor(backend, DrainTimer.properties(1, THREADS, PREFETCH, preserve));
        DrainTimer.Span span;
        long stopElapsed;
        try {
            span = DrainTimer.time(ds, SCENARIO + " of " + size, DrainTimer.timeoutNanos(size, 20), counted,
                    supervisor::start);
        } finally {
            long stopStart = System.nanoTime();
            supervisor.stop();
            stopElapsed = System.nanoTime() - stopStart;
        }

        if (preserve) {
            Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL", size, "finished jobs");
        } else {
            Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_jobs", 0, "jobs left (finished jobs are deleted)");
        }
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_blocked_executions", 0, "blocked executions left");
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_failed_executions", 0, "failed executions");
        int runs = RUNS.get();
        int overlaps = overlaps(starts, ends, Math.min(runs, size));
        if (runs != size || MAX_RUNNING.get() != 1 || overlaps != 0) {
            throw new IllegalStateException(SCENARIO + ": " + runs + " runs of " + size + ", at most "
                    + MAX_RUNNING.get() + " at once, " + overlaps + " overlapping (limit 1 on one key)");
        }

        Map<String, Object> m = new LinkedHashMap<>();
        span.record(m, size);
        m.put("seed_jobs_per_second", Scenarios.rate(size, seedElapsed));
        m.put("stop_s", Scenarios.seconds(stopElapsed));
        m.put("max_concurrent", MAX_RUNNING.get());
        m.put("overlaps", overlaps);
        return m;
    }

    /** Runs that started before the run started just ahead of them had ended. */
    static int overlaps(long[] starts, long[] ends, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        int overlapping = 0;
        long latestEnd = Long.MIN_VALUE;
        for (int i : order) {
            if (starts[i] < latestEnd) {
                overlapping++;
            }
            latestEnd = Math.max(latestEnd, ends[i]);
        }
        return overlapping;
    }
}
