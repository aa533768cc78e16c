package dev.jqueue.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.bench.peers.PeerDrain;
import dev.jqueue.operations.BackendContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jqueue benchmark harness: hand-wires the engine on a dedicated database and measures
 * single enqueue latency, bulk enqueue throughput, worker drain throughput and pickup latency.
 * Every run is appended as one JSON line to {@code --output}; a markdown summary is printed
 * at the end (and written next to the JSONL file).
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/jqueue-benchmarks.jar --db=postgres --scenario=all
 * </pre>
 */
public final class Benchmark {

    static final int SCHEMA_VERSION = 1;
    private static final int WARMUP_MAX_SIZE = 5_000;
    private static final int PICKUP_WARMUP_MAX = 20;

    private final Options options;
    private final BenchDatabase database;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Object> machine;
    private Map<String, Object> databaseInfo;
    private final List<Map<String, Object>> records = new ArrayList<>();
    private int failures;

    Benchmark(Options options) {
        this.options = options;
        this.database = new BenchDatabase(options);
        this.machine = Metadata.machine(options);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = new Options(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.raw.containsKey("child-worker")) {
            System.exit(childWorker(options)); // process-drain's workers: this program again, in its own JVM
            return;
        }
        if (options.raw.containsKey("help")) {
            System.out.println(Options.usage());
            return;
        }
        if (!options.report.isEmpty()) {
            System.out.println(report(options.report));
            return;
        }
        int failures;
        try {
            failures = new Benchmark(options).runAll();
        } catch (IllegalStateException e) {
            System.err.println("jqueue benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int childWorker(Options options) {
        try {
            return ProcessDrain.child(options);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            return 1;
        }
    }

    static String report(List<Path> files) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Map<String, Object>> records = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> record = json.readValue(line, Map.class);
                    records.add(record);
                }
            }
        }
        return Report.markdown(records);
    }

    /** Runs every chosen scenario; returns the number of failed runs. */
    int runAll() throws IOException {
        try {
            database.lockExclusively();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot connect to " + options.db + ": " + e.getMessage(), e);
        }
        Path output = options.output.toAbsolutePath();
        Files.createDirectories(output.getParent());
        System.out.printf("jqueue benchmarks on %s: %s, %d run(s) + %d warm-up(s); results -> %s%n", options.db,
                String.join(", ", options.scenarios), options.runs, options.warmups, options.output);
        System.out.printf("machine: %s cores, %s, Java %s, load %s%n", machine.get("cores"), machine.get("cpu_model"),
                machine.get("java_version"), CpuSample.loadAverage());
        try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (String scenario : options.scenarios) {
                runScenario(scenario, writer);
            }
        } finally {
            database.cleanup();
        }
        String markdown = Report.markdown(records);
        System.out.println();
        System.out.println(markdown);
        Path md = Path.of(output.toString().replaceFirst("\\.jsonl$", "") + ".md");
        Files.writeString(md, markdown, StandardCharsets.UTF_8);
        if (failures > 0) {
            System.out.println(failures + " run(s) failed; see the 'error' metrics in " + options.output);
        }
        return failures;
    }

    private List<Map<String, Object>> paramSets(String scenario) {
        List<Map<String, Object>> sets = new ArrayList<>();
        switch (scenario) {
            case "worker-drain" -> {
                for (String stats : options.stats) {
                    for (Options.DrainShape shape : options.shapes) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("shape", shape.toString());
                        p.put("stats", stats);
                        p.put("preserve", options.preserveFinishedJobs);
                        putFinished(p);
                        sets.add(p);
                    }
                }
            }
            case ProcessDrain.SCENARIO -> {
                for (Options.DrainShape shape : ProcessDrain.shapes(options)) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("shape", shape.toString());
                    p.put("processes", shape.workers());
                    p.put("stats", "fresh");
                    p.put("preserve", options.preserveFinishedJobs);
                    putFinished(p);
                    sets.add(p);
                }
            }
            case HotKeyDrain.SCENARIO -> sets.add(HotKeyDrain.params());
            case RecurringPoll.SCENARIO -> sets.add(RecurringPoll.params(options.polls));
            case ConsoleReads.SCENARIO -> sets.add(ConsoleReads.params(options.repeats));
            case "pickup-latency" -> {
                for (int polling : options.pickupPollingMillis) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("polling_ms", polling);
                    p.put("threads", options.pickupThreads);
                    sets.add(p);
                }
            }
            case PeerDrain.DB_SCHEDULER, PeerDrain.JOBRUNR -> sets.add(PeerDrain.params(scenario, options.db));
            default -> sets.add(new LinkedHashMap<>());
        }
        return sets;
    }

    private void putFinished(Map<String, Object> params) {
        if (options.raw.containsKey("finished")) {
            params.put("finished_retained", options.finished);
        }
    }

    private void runScenario(String scenario, BufferedWriter writer) throws IOException {
        List<Map<String, Object>> sets = paramSets(scenario);
        boolean warmedUp = false;
        for (int size : options.sizesFor(scenario)) {
            if (!warmedUp) {
                int warmupSize = scenario.equals("pickup-latency") ? Math.min(size, PICKUP_WARMUP_MAX)
                        : Math.min(size, WARMUP_MAX_SIZE);
                for (Map<String, Object> params : sets) {
                    for (int w = 1; w <= options.warmups; w++) {
                        execute(scenario, warmupSize, params, -w, null);
                    }
                }
                warmedUp = true;
            }
            // Runs are interleaved across parameter sets so that drift in machine load hits them alike.
            for (int run = 1; run <= options.runs; run++) {
                for (Map<String, Object> params : sets) {
                    execute(scenario, size, params, run, writer);
                }
            }
        }
    }

    /** One run on a fresh database; {@code writer == null} is a warm-up (not recorded). */
    private void execute(String scenario, int size, Map<String, Object> params, int run, BufferedWriter writer)
            throws IOException {
        String label = String.format("[%s] %s size=%d%s %s", options.db, scenario, size,
                params.isEmpty() ? "" : " " + params, writer == null ? "warm-up" : "run " + run + "/" + options.runs);
        System.out.print(label + " ... ");
        System.out.flush();
        Options.DrainShape shape = params.containsKey("shape") ? Options.DrainShape.parse((String) params.get("shape"))
                : null;
        int poolSize = shape == null ? 10 : Math.max(10, shape.workers() * 2 + 4);
        if (Options.PEER_SCENARIOS.contains(scenario)) {
            poolSize = PeerDrain.POOL_SIZE;
        } else if (scenario.equals(ProcessDrain.SCENARIO)) {
            poolSize = 10; // the harness only seeds and watches; each child has its own pool
        }
        String loadBefore = CpuSample.loadAverage();
        Map<String, Object> metrics;
        HikariDataSource ds = database.open(poolSize);
        try {
            database.reset(ds);
            CountingDataSource counted = new CountingDataSource(ds);
            Backend backend = BackendBuilder.on(counted).tasks(new BenchTasks())
                    .settings(new BackendContext.Settings(List.of(), options.preserveFinishedJobs, false))
                    .build();
            if (databaseInfo == null) {
                databaseInfo = database.describe(ds);
                System.out.print("(" + databaseInfo.get("db_product") + " " + databaseInfo.get("db_version") + ") ");
            }
            FinishedJobs retained = options.finished > 0 ? new FinishedJobs(options.db, options.finished)
                    : FinishedJobs.none();
            metrics = switch (scenario) {
                case "single-enqueue" -> Scenarios.singleEnqueue(backend, ds, size);
                case "bulk-enqueue" -> Scenarios.bulkEnqueue(backend, ds, size);
                case "worker-drain" -> Scenarios.workerDrain(backend, ds, size, shape, options.preserveFinishedJobs,
                        (String) params.get("stats"), () -> database.analyze(ds), counted, retained);
                case "pickup-latency" -> Scenarios.pickupLatency(backend, ds, size, options.pickupThreads,
                        (Integer) params.get("polling_ms"), options.pickupSpacingMillis);
                case HotKeyDrain.SCENARIO -> HotKeyDrain.run(backend, ds, size, options.preserveFinishedJobs, counted);
                case RecurringPoll.SCENARIO -> RecurringPoll.run(backend, ds, size, options.polls, counted);
                case ConsoleReads.SCENARIO -> ConsoleReads.run(backend, ds, options.db, size, options.repeats, () -> {
                    try {
                        database.analyze(ds);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                case ProcessDrain.SCENARIO -> ProcessDrain.run(backend, ds, ds.getJdbcUrl(), options, size, shape, retained);
                // Peers create their own tables; the jqueue schema migrated above stays empty.
                case PeerDrain.DB_SCHEDULER, PeerDrain.JOBRUNR -> PeerDrain.run(scenario, ds, options.db, size);
                default -> throw new IllegalArgumentException(scenario);
            };
        } catch (Exception e) {
            metrics = new LinkedHashMap<>();
            metrics.put("error", e.toString());
            if (writer != null) {
                failures++;
            }
            e.printStackTrace(System.out);
        } finally {
            ds.close();
            database.deleteSqliteFile(ds);
        }
        String loadAfter = CpuSample.loadAverage();
        String key = Scenarios.keyMetric(scenario);
        System.out.println(metrics.containsKey("error") ? "FAILED: " + metrics.get("error")
                : key + "=" + metrics.get(key) + summary(metrics, key) + " (load " + loadBefore + " -> " + loadAfter + ")");
        if (writer == null) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema_version", SCHEMA_VERSION);
        record.put("recorded_at", Instant.now().toString());
        record.put("scenario", scenario);
        record.put("db", options.db);
        record.put("size", size);
        record.put("run", run);
        record.put("params", params);
        record.put("metrics", metrics);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (databaseInfo != null) {
            metadata.putAll(databaseInfo);
        }
        metadata.putAll(machine);
        metadata.put("load_before", loadBefore);
        metadata.put("load_after", loadAfter);
        metadata.put("preserve_finished_jobs", options.preserveFinishedJobs);
        metadata.put("pool_size", poolSize);
        record.put("metadata", metadata);
        writer.write(json.writeValueAsString(record));
        writer.newLine();
        writer.flush();
        records.add(record);
    }

    private static String summary(Map<String, Object> metrics, String key) {
        StringBuilder s = new StringBuilder();
        for (String m : List.of("jobs_per_second", "latency_p50_ms", "latency_p99_ms", "pickup_p50_ms", "poll_p99_ms",
                "statements_per_poll", "cpu_busy_pct", "jvm_cpu_pct", "children_cpu_pct")) {
            if (!m.equals(key) && metrics.containsKey(m)) {
                s.append(", ").append(m).append("=").append(metrics.get(m));
            }
        }
        return s.toString();
    }
}
