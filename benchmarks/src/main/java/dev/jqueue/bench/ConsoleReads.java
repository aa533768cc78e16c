package dev.jqueue.bench;

import dev.jqueue.JobState;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.observability.SnapshotReader;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.reads.JobDetails;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobSearch;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * console-reads (PostgreSQL): the reads each console page makes, timed server side on a database
 * seeded with plain SQL as the issue measured it: {@code SIZE} finished jobs (default 1,000,000),
 * a tenth of that failed and a hundredth ready, over 10 queues and 20 task paths. Each page is
 * the sequence of engine calls its view makes on opening (the console's own rendering is not
 * included), run {@code --polls} times after one untimed call; median and max per page.
 */
final class ConsoleReads {

    static final String SCENARIO = "console-reads";
    static final int DEFAULT_SIZE = 1_000_000;
    static final int DEFAULT_REPEATS = 5;
    static final List<String> TABLE_METRICS = List.of("overview_p50_ms", "queue_failed_p50_ms",
            "jobs_argument_p50_ms", "seed_s");
    private static final int QUEUES = 10;
    private static final int TASKS = 20;
    private static final int PAGE = 50;

    private ConsoleReads() {
    }

    /** One page: what its view reads when it opens (and on each refresh). */
    private record PageRead(String name, Read read) {
    }

    @FunctionalInterface
    private interface Read {
        void run() throws Exception;
    }

    static Map<String, Object> params(int repeats) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("repeats", repeats);
        p.put("queues", QUEUES);
        p.put("tasks", TASKS);
        return p;
    }

    static Map<String, Object> run(Backend backend, DataSource ds, String db, int size, int repeats,
                                   Runnable analyze) throws Exception {
        if (!db.equals("postgres")) {
            throw new IllegalArgumentException(SCENARIO + " seeds PostgreSQL only");
        }
        long seedStart = System.nanoTime();
        seed(ds, size, size / 10, size / 100);
        analyze.run();
        long seedElapsed = System.nanoTime() - seedStart;
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_failed_executions", size / 10, "failed jobs");
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_ready_executions", size / 100, "ready jobs");

        BackendContext context = backend.context();
        BackendProperties properties = BackendProperties.defaults()
                .withRetention(Duration.ofDays(1), Duration.ofDays(7), null);
        UUID someJob = UUID.fromString("00000000-0000-7000-8001-" + String.format("%012d", 4242));
        String someQueue = "queue-3";
        JobFilter failedGroup = JobFilter.state(JobState.FAILED).withExceptionClass("java.lang.IllegalStateException")
                .withExactTaskPath("bench.task-5");
        List<PageRead> pages = List.of(
                new PageRead("overview", () -> SnapshotReader.take(backend, properties)),
                new PageRead("queues", () -> SnapshotReader.take(backend, properties)),
                new PageRead("queue_ready", () -> queueTab(backend, properties, someQueue, JobState.READY)),
                new PageRead("queue_failed", () -> queueTab(backend, properties, someQueue, JobState.FAILED)),
                new PageRead("queue_finished", () -> queueTab(backend, properties, someQueue, JobState.FINISHED)),
                new PageRead("jobs_all", () -> jobs(backend, properties, JobFilter.none())),
                new PageRead("jobs_argument", () -> jobs(backend, properties, JobFilter.none().withArgumentText("customer-4242"))),
                new PageRead("jobs_exception", () -> jobs(backend, properties,
                        JobFilter.none().withExceptionClass("java.io.UncheckedIOException"))),
                new PageRead("jobs_task", () -> jobs(backend, properties, JobFilter.none().withTaskPath("bench.task-11"))),
                new PageRead("failed_groups", () -> new JobSearch(context).failedGroups(JobFilter.state(JobState.FAILED))),
                new PageRead("failed_group_selected", () -> {
                    new JobSearch(context).failedGroups(JobFilter.state(JobState.FAILED));
                    new JobSearch(context).failedGroups(failedGroup);
                    list(context, failedGroup);
                }),
                new PageRead("job", () -> new JobDetails(backend).find(someJob).orElseThrow()),
                new PageRead("recurring", () -> backend.recurring().list()),
                new PageRead("semaphores", () -> {
                    context.db.read(c -> SnapshotReader.semaphores(c, context.dialect));
                    list(context, JobFilter.state(JobState.BLOCKED));
                }),
                new PageRead("processes", () -> context.db.read(c -> SnapshotReader.processes(c, context,
                        context.codec.mapper()))),
                new PageRead("audit", () -> new AuditLog(context.db).search(null, null, null, null, null, null, 0, PAGE)));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("finished", size);
        m.put("failed", size / 10);
        m.put("ready", size / 100);
        m.put("seed_s", Scenarios.seconds(seedElapsed));
        for (PageRead page : pages) {
            page.read().run(); // untimed: statement preparation, first reads of the pages
            long[] nanos = new long[repeats];
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                page.read().run();
                nanos[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(nanos);
            m.put(page.name() + "_p50_ms", Percentiles.round(nanos[repeats / 2] / 1e6, 1));
            m.put(page.name() + "_max_ms", Percentiles.round(nanos[repeats - 1] / 1e6, 1));
            System.out.print(page.name() + " " + m.get(page.name() + "_p50_ms") + " ms; ");
            System.out.flush();
        }
        // Not a page: what the background invalid-state check costs each time it runs (every 5 min).
        long t0 = System.nanoTime();
        new dev.jqueue.operations.InvalidJobs(context).byQueue();
        m.put("invalid_check_background_ms", Percentiles.round((System.nanoTime() - t0) / 1e6, 1));
        // A page that finds the shared snapshot fresh (another page took it within 2 s) reads no counts.
        dev.jqueue.backend.Backends backends = new dev.jqueue.backend.Backends();
        backends.add(backend, properties);
        try (dev.jqueue.observability.InvalidStateChecks checks = new dev.jqueue.observability.InvalidStateChecks(
                Duration.ofHours(1))) {
            dev.jqueue.observability.SharedSnapshots shared = new dev.jqueue.observability.SharedSnapshots(backends, checks,
                    Duration.ofHours(1));
            checks.checkNow(backend); // a result for the hour: no background check to interrupt on close
            shared.get("default");
            long t1 = System.nanoTime();
            shared.get("default");
            m.put("shared_snapshot_hit_ms", Percentiles.round((System.nanoTime() - t1) / 1e6, 3));
        }
        return m;
    }

    /**
     * A queue page on one state tab: the backend's snapshot (toolbar, tab counts) and the tab's
     * first page. The pager's count is the snapshot's tab count (before commit "Console reads:
     * list queries pinned…" the list counted the tab's rows again: the figures before include that).
     */
    private static void queueTab(Backend backend, BackendProperties properties, String queue, JobState state) {
        SnapshotReader.take(backend, properties);
        new JobSearch(backend.context(), 0).search(JobFilter.state(state).withQueue(queue), null, 0, PAGE);
    }

    /**
     * The jobs page: the queue choices (from the backend's snapshot; before commit "Jobs search:
     * no rows query…" the view and this scenario took them from {@code backend.stats()}, the
     * exact counts), the count and the first page.
     */
    private static void jobs(Backend backend, BackendProperties properties, JobFilter filter) {
        SnapshotReader.take(backend, properties);
        list(backend.context(), filter);
    }

    /** What {@code JobListing.reload} reads: the capped count, then the page's rows without a count. */
    private static void list(BackendContext context, JobFilter filter) {
        new JobSearch(context).search(filter, null, 0, 0);
        new JobSearch(context, 0).search(filter, null, 0, PAGE);
    }

    /**
     * Finished jobs (ids {@code …-8000-n}) finished half a second apart going back from now, failed
     * ({@code …-8001-n}) and ready ({@code …-8002-n}) jobs; queue {@code queue-(n mod 10)}, task
     * {@code bench.task-(n mod 20)}, payload {@code {"args":[n,"customer-n"]}}.
     */
    private static void seed(DataSource ds, int finished, int failed, int ready) throws Exception {
        String job = "INSERT INTO jqueue_jobs (id, task_path, queue_name, priority, payload, backend_alias, attempts, "
                + "finished_at, created_at, updated_at) SELECT CAST('00000000-0000-7000-%s-' || lpad(g::text, 12, '0') AS uuid), "
                + "'bench.task-' || (g %% " + TASKS + "), 'queue-' || (g %% " + QUEUES + "), 0, "
                + "jsonb_build_object('args', jsonb_build_array(g, 'customer-' || g)), 'default', %s, %s, t, t "
                + "FROM (SELECT g, now() - g * interval '500 milliseconds' AS t FROM generate_series(%d, %d) g) s";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int from = 1; from <= finished; from += 100_000) {
                s.executeUpdate(String.format(job, "8000", "1", "t", from, Math.min(finished, from + 99_999)));
            }
            s.executeUpdate(String.format(job, "8001", "3", "NULL", 1, failed));
            s.executeUpdate("INSERT INTO jqueue_failed_executions (job_id, exception_class, message, traceback, created_at) "
                    + "SELECT id, (ARRAY['java.lang.IllegalStateException', 'java.io.UncheckedIOException', "
                    + "'java.lang.NullPointerException', 'java.util.concurrent.TimeoutException', "
                    + "'java.lang.ArithmeticException'])[1 + (substr(id::text, 25)::bigint % 5)], "
                    + "'failed attempt of ' || task_path, 'at dev.jqueue.bench.Task.run(Task.java:42)', created_at "
                    + "FROM jqueue_jobs WHERE id::text LIKE '00000000-0000-7000-8001-%'");
            s.executeUpdate(String.format(job, "8002", "0", "NULL", 1, ready));
            s.executeUpdate("INSERT INTO jqueue_ready_executions (job_id, backend_alias, queue_name, priority, created_at) "
                    + "SELECT id, backend_alias, queue_name, priority, created_at FROM jqueue_jobs "
                    + "WHERE id::text LIKE '00000000-0000-7000-8002-%'");
        }
    }
}
