package dev.jqueue.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.runtime.Supervisor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * process-drain: worker-drain with its workers in separate JVMs, as separately deployed
 * application instances run them. The harness seeds SIZE jobs (fresh statistics, optionally
 * {@code --finished} retained jobs first), then starts W child JVMs of this same program in the
 * hidden {@code --child-worker=THREADS,PREFETCH} mode: each builds its backend on the same
 * database and one supervisor with one worker, prints {@value #READY}, and waits. The clock
 * starts when "go" is written to every child (JVM start-up and backend building are not timed)
 * and stops when no ready or claimed row remains; then each child's stdin is closed, and the
 * child reports its statement counts, stops its supervisor and exits (SIGTERM also stops it).
 *
 * <p>Children start cold: their JIT warms up during the drain, which weighs on small sizes.
 */
final class ProcessDrain {

    static final String SCENARIO = "process-drain";
    static final Options.DrainShape DEFAULT_SHAPE = new Options.DrainShape(4, 8, 4);
    static final List<String> TABLE_METRICS = List.of("jobs_per_second", "duration_s", "seed_jobs_per_second",
            "cpu_busy_pct", "children_cpu_pct", "db_cpu_pct", "statements_per_job", "commits_per_job");
    static final String READY = "jqueue-child ready";
    static final String DONE = "jqueue-child done";
    /** Connections of each child: what the harness gives a one-worker drain (see Benchmark). */
    static final int CHILD_POOL_SIZE = 10;
    private static final int SEED_CHUNK = 10_000;
    private static final long READY_TIMEOUT_SECONDS = 120;
    private static final long EXIT_TIMEOUT_SECONDS = 60;

    private ProcessDrain() {
    }

    /** The drain shapes of process-drain: {@code --shapes}/{@code --threads} if given, else 4x8p4. */
    static List<Options.DrainShape> shapes(Options options) {
        boolean explicit = options.raw.containsKey("shapes") || options.raw.containsKey("threads");
        return explicit ? options.shapes : List.of(DEFAULT_SHAPE);
    }

    // ------------------------------------------------------------------ the harness side

    static Map<String, Object> run(Backend backend, DataSource ds, String url, Options options, int size,
                                   Options.DrainShape shape, FinishedJobs retained) throws Exception {
        long retainNanos = retained.seed(ds);
        long seedStart = System.nanoTime();
        for (int from = 0; from < size; from += SEED_CHUNK) {
            backend.enqueueAll(Scenarios.requests(from, Math.min(size, from + SEED_CHUNK)));
        }
        long seedElapsed = System.nanoTime() - seedStart;
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_ready_executions", size, "seeded ready rows");

        List<Child> children = new ArrayList<>();
        long spawnStart = System.nanoTime();
        DrainTimer.Span span;
        long[] childTicks = new long[shape.workers()];
        long spawnElapsed;
        long stopElapsed;
        try {
            for (int i = 0; i < shape.workers(); i++) {
                children.add(Child.start(command(childArguments(options, url, shape)), i));
            }
            for (Child child : children) {
                child.awaitReady();
            }
            spawnElapsed = System.nanoTime() - spawnStart;
            for (int i = 0; i < children.size(); i++) {
                childTicks[i] = ServerCpu.ticksOfProcess(children.get(i).process.pid());
            }
            span = DrainTimer.time(ds, SCENARIO + " of " + size + " in " + shape.workers() + " processes",
                    DrainTimer.timeoutNanos(size, 50), null, () -> {
                        for (Child child : children) {
                            child.send("go");
                        }
                    });
            for (int i = 0; i < children.size(); i++) {
                childTicks[i] = ServerCpu.ticksOfProcess(children.get(i).process.pid()) - childTicks[i];
            }
        } finally {
            long stopStart = System.nanoTime();
            stopAll(children);
            stopElapsed = System.nanoTime() - stopStart;
        }

        for (Child child : children) {
            if (child.exitCode != 0) {
                throw new IllegalStateException("child worker " + child.index + " exited with " + child.exitCode
                        + ":\n" + child.tail());
            }
        }
        int history = retained.count();
        if (options.preserveFinishedJobs) {
            Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL", size + (long) history,
                    "finished jobs");
        } else {
            Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_jobs", history, "jobs left (finished jobs are deleted)");
        }
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_failed_executions", 0, "failed executions");

        long[] totals = new long[3];
        for (Child child : children) {
            for (int k = 0; k < 3; k++) {
                totals[k] += child.counts[k];
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        new DrainTimer.Span(span.nanos(), span.busyPct(), span.jvmPct(), span.dbPct(), totals[0], totals[1], totals[2])
                .record(m, size);
        m.put("seed_jobs_per_second", Scenarios.rate(size, seedElapsed));
        m.put("child_start_s", Scenarios.seconds(spawnElapsed));
        m.put("stop_s", Scenarios.seconds(stopElapsed));
        long ticks = 0;
        List<Double> perChild = new ArrayList<>();
        for (long t : childTicks) {
            ticks += t;
            perChild.add(Percentiles.round(t / ServerCpu.TICKS_PER_SECOND, 2));
        }
        m.put("children_cpu_pct", Percentiles.round(100.0 * ticks / ServerCpu.TICKS_PER_SECOND
                / (span.nanos() / 1e9 * Runtime.getRuntime().availableProcessors()), 1));
        m.put("children_cpu_s", perChild);
        if (history > 0) {
            m.put("finished_seed_s", Scenarios.seconds(retainNanos));
        }
        return m;
    }

    private static List<String> childArguments(Options options, String url, Options.DrainShape shape) {
        List<String> args = new ArrayList<>();
        args.add("--db=" + options.db);
        args.add("--url=" + url);
        if (options.user != null) {
            args.add("--user=" + options.user);
        }
        if (options.password != null) {
            args.add("--password=" + options.password);
        }
        args.add("--preserve-finished-jobs=" + options.preserveFinishedJobs);
        args.add("--child-worker=" + shape.threads() + "," + shape.prefetch());
        return args;
    }

    /** This program again: {@code java -jar} the benchmark jar, or the class path it runs from. */
    static List<String> command(List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        command.add(java);
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("-cp");
            command.add(classPath);
            command.add(Benchmark.class.getName());
        }
        command.addAll(args);
        return command;
    }

    private static void stopAll(List<Child> children) throws InterruptedException {
        for (Child child : children) {
            child.closeInput();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_TIMEOUT_SECONDS);
        for (Child child : children) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!child.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                child.process.destroy(); // SIGTERM: its shutdown hook stops the supervisor
                if (!child.process.waitFor(10, TimeUnit.SECONDS)) {
                    child.process.destroyForcibly();
                    child.process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            child.exitCode = child.process.isAlive() ? -1 : child.process.exitValue();
            child.output.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** One child JVM: its stdin for "go", and a thread reading its output (stdout and stderr). */
    private static final class Child {
        final int index;
        final Process process;
        final Writer input;
        final CountDownLatch ready = new CountDownLatch(1);
        final Deque<String> lines = new ArrayDeque<>();
        final long[] counts = new long[3];
        final Thread output;
        int exitCode = -1;

        private Child(int index, Process process) {
            this.index = index;
            this.process = process;
            this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.output = Thread.ofPlatform().daemon().name("child-worker-" + index).start(this::read);
        }

        static Child start(List<String> command, int index) throws IOException {
            return new Child(index, new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.equals(READY)) {
                        ready.countDown();
                    } else if (line.startsWith(DONE)) {
                        parseCounts(line);
                    }
                    synchronized (lines) {
                        lines.addLast(line);
                        if (lines.size() > 40) {
                            lines.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }

        private void parseCounts(String line) {
            for (String part : line.substring(DONE.length()).trim().split(" ")) {
                int eq = part.indexOf('=');
                int k = List.of("statements", "batches", "commits").indexOf(part.substring(0, eq));
                if (k >= 0) {
                    counts[k] = Long.parseLong(part.substring(eq + 1));
                }
            }
        }

        void awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
            while (!ready.await(100, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("child worker " + index + " did not get ready"
                            + (process.isAlive() ? " within " + READY_TIMEOUT_SECONDS + " s" : " (exited)") + ":\n" + tail());
                }
            }
        }

        void send(String line) throws IOException {
            input.write(line + "\n");
            input.flush();
        }

        void closeInput() {
            try {
                input.close();
            } catch (IOException e) {
                // already gone
            }
        }

        String tail() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    // ------------------------------------------------------------------ the child side

    /**
     * {@code --child-worker=THREADS,PREFETCH}: one supervisor with one worker on the database the
     * options name (schema already migrated by the harness). Returns the exit code.
     */
    static int child(Options options) throws Exception {
        String[] spec = options.raw.get("child-worker").split(",");
        int threads = Integer.parseInt(spec[0].trim());
        int prefetch = spec.length > 1 ? Integer.parseInt(spec[1].trim()) : 4;
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (HikariDataSource ds = new BenchDatabase(options).open(CHILD_POOL_SIZE)) {
            CountingDataSource counted = new CountingDataSource(ds);
            Backend backend = BackendBuilder.on(counted).tasks(new BenchTasks()).migrate(false)
                    .settings(new BackendContext.Settings(List.of(), options.preserveFinishedJobs, false))
                    .build();
            Supervisor supervisor = BackendBuilder.supervisor(backend,
                    DrainTimer.properties(1, threads, prefetch, options.preserveFinishedJobs));
            Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "child-worker-stop"));
            System.out.println(READY);
            System.out.flush();
            String line;
            do {
                line = stdin.readLine();
            } while (line != null && !line.trim().equals("go"));
            if (line == null) {
                return 0; // the harness went away before the start
            }
            long statements = counted.statements.get();
            long batches = counted.batches.get();
            long commits = counted.commits.get();
            supervisor.start();
            while (stdin.readLine() != null) {
                // runs until the harness closes stdin
            }
            System.out.println(DONE + " statements=" + (counted.statements.get() - statements) + " batches="
                    + (counted.batches.get() - batches) + " commits=" + (counted.commits.get() - commits));
            System.out.flush();
            supervisor.stop();
            return 0;
        }
    }
}
