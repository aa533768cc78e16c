package dev.jqueue.bench;

import dev.jqueue.bench.peers.PeerDrain;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the harness ({@code --name=value}; see {@link #usage()}).
 */
final class Options {

    static final List<String> SCENARIOS = List.of("single-enqueue", "bulk-enqueue", "worker-drain", "pickup-latency",
            HotKeyDrain.SCENARIO, RecurringPoll.SCENARIO);
    /** jqueue scenarios named explicitly, never part of "all": process-drain starts JVMs and needs a server. */
    static final List<String> NAMED_SCENARIOS = List.of(ProcessDrain.SCENARIO, ConsoleReads.SCENARIO);
    /** Other job queues' drains (package {@code peers}): named explicitly, never part of "all". */
    static final List<String> PEER_SCENARIOS = PeerDrain.SCENARIOS;
    /** Planner-statistics conditions of a worker-drain run (see {@link Scenarios#workerDrain}). */
    static final List<String> STATS = List.of("fresh", "seeded", "history", "backlog");

    final Map<String, String> raw;
    final String db;
    final List<String> scenarios;
    final List<Integer> sizes; // empty: each scenario's default sizes
    final int runs;
    final int warmups;
    final List<DrainShape> shapes;
    final int pickupThreads;
    final List<Integer> pickupPollingMillis;
    final int pickupSpacingMillis;
    final int pickupJobs;
    final boolean preserveFinishedJobs;
    final List<String> stats;
    final int finished;
    final int polls;
    final int repeats;
    final Path output;
    final String url;
    final String user;
    final String password;
    final Path sqliteDir;
    final String sqliteJournal;
    final String note;
    final List<Path> report;

    private static final Set<String> KNOWN = Set.of("db", "scenario", "size", "runs", "warmups", "threads", "workers",
            "prefetch", "shapes", "pickup-polling-ms", "pickup-spacing-ms", "pickup-jobs", "preserve-finished-jobs", "stats", "output", "url",
            "user", "password", "sqlite-dir", "sqlite-journal", "note", "report", "help", "finished", "polls", "repeats",
            "child-worker");

    Options(String... args) {
        raw = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + usage());
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String key = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? "true" : body.substring(eq + 1);
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "\n" + usage());
            }
            raw.put(key, value);
        }
        db = raw.getOrDefault("db", "postgres").toLowerCase(Locale.ROOT);
        if (!List.of("postgres", "mariadb", "sqlite").contains(db)) {
            throw new IllegalArgumentException("--db must be postgres, mariadb or sqlite (got " + db + ")");
        }
        String scenario = raw.getOrDefault("scenario", "all");
        scenarios = scenario.equals("all") ? SCENARIOS : List.of(scenario.split(","));
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s) && !NAMED_SCENARIOS.contains(s) && !PEER_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "'; one of all, " + String.join(", ", SCENARIOS)
                        + ", " + String.join(", ", NAMED_SCENARIOS) + ", " + String.join(", ", PEER_SCENARIOS));
            }
        }
        if (db.equals("sqlite") && scenarios.contains(ProcessDrain.SCENARIO)) {
            throw new IllegalArgumentException("process-drain runs on postgres or mariadb, not sqlite");
        }
        if (db.equals("sqlite") && scenarios.stream().anyMatch(PEER_SCENARIOS::contains)) {
            throw new IllegalArgumentException("the peer scenarios run on postgres or mariadb, not sqlite");
        }
        sizes = raw.containsKey("size") ? ints(raw.get("size")) : List.of();
        runs = Integer.parseInt(raw.getOrDefault("runs", "3"));
        warmups = Integer.parseInt(raw.getOrDefault("warmups", "1"));
        if (raw.containsKey("threads")) {
            int workers = Integer.parseInt(raw.getOrDefault("workers", "1"));
            int threads = Integer.parseInt(raw.get("threads"));
            int prefetch = Integer.parseInt(raw.getOrDefault("prefetch", "4"));
            shapes = List.of(new DrainShape(db.equals("sqlite") ? 1 : workers, threads, prefetch));
        } else if (raw.containsKey("shapes")) {
            shapes = new ArrayList<>();
            for (String s : raw.get("shapes").split(",")) {
                shapes.add(DrainShape.parse(s));
            }
        } else {
            shapes = db.equals("sqlite")
                    ? List.of(DrainShape.parse("1x1p1"), DrainShape.parse("1x4p4"), DrainShape.parse("1x16p4"))
                    : List.of(DrainShape.parse("1x16p4"), DrainShape.parse("2x16p4"), DrainShape.parse("4x8p2"));
        }
        if (db.equals("sqlite") && shapes.stream().anyMatch(s -> s.workers() != 1)) {
            throw new IllegalArgumentException("SQLite runs one worker (one writer at a time): use shapes 1xTpP");
        }
        pickupThreads = Integer.parseInt(raw.getOrDefault("threads", "4"));
        pickupPollingMillis = ints(raw.getOrDefault("pickup-polling-ms", "100,10"));
        pickupSpacingMillis = Integer.parseInt(raw.getOrDefault("pickup-spacing-ms", "20"));
        pickupJobs = Integer.parseInt(raw.getOrDefault("pickup-jobs", "200"));
        preserveFinishedJobs = Boolean.parseBoolean(raw.getOrDefault("preserve-finished-jobs", "true"));
        finished = Integer.parseInt(raw.getOrDefault("finished", "0").replace("_", ""));
        polls = Integer.parseInt(raw.getOrDefault("polls", String.valueOf(RecurringPoll.DEFAULT_POLLS)));
        repeats = Integer.parseInt(raw.getOrDefault("repeats", String.valueOf(ConsoleReads.DEFAULT_REPEATS)));
        if (finished < 0 || polls < 1) {
            throw new IllegalArgumentException("--finished must be 0 or more and --polls 1 or more");
        }
        stats = List.of(raw.getOrDefault("stats", "fresh").split(","));
        for (String s : stats) {
            if (!STATS.contains(s)) {
                throw new IllegalArgumentException("--stats takes fresh, seeded, history and/or backlog (got " + s + ")");
            }
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        output = Path.of(raw.getOrDefault("output", "benchmarks/results/" + db + "-" + stamp + ".jsonl"));
        url = raw.get("url");
        user = raw.get("user");
        password = raw.get("password");
        sqliteDir = raw.containsKey("sqlite-dir") ? Path.of(raw.get("sqlite-dir")) : null;
        sqliteJournal = raw.getOrDefault("sqlite-journal", "wal").toUpperCase(Locale.ROOT);
        note = raw.getOrDefault("note", "");
        report = new ArrayList<>();
        if (raw.containsKey("report")) {
            for (String p : raw.get("report").split(",")) {
                report.add(Path.of(p));
            }
        }
    }

    /** Sizes of a scenario: {@code --size} if given (not for pickup-latency: {@code --pickup-jobs}), else its defaults. */
    List<Integer> sizesFor(String scenario) {
        if (scenario.equals("pickup-latency")) {
            return List.of(pickupJobs);
        }
        if (!sizes.isEmpty()) {
            return sizes;
        }
        if (PEER_SCENARIOS.contains(scenario)) {
            return List.of(PeerDrain.DEFAULT_SIZE);
        }
        return switch (scenario) {
            case "worker-drain", ProcessDrain.SCENARIO -> List.of(10_000, 100_000);
            case HotKeyDrain.SCENARIO -> List.of(HotKeyDrain.DEFAULT_SIZE);
            case RecurringPoll.SCENARIO -> List.of(RecurringPoll.DEFAULT_SIZE);
            case ConsoleReads.SCENARIO -> List.of(ConsoleReads.DEFAULT_SIZE);
            default -> List.of(10_000);
        };
    }

    private static List<Integer> ints(String csv) {
        List<Integer> values = new ArrayList<>();
        for (String part : csv.split(",")) {
            values.add(Integer.parseInt(part.trim().replace("_", "")));
        }
        return values;
    }

    static String usage() {
        return """
                usage: java -jar benchmarks/target/jqueue-benchmarks.jar [options]
                  --db=postgres|mariadb|sqlite          database (default postgres; PostgreSQL and MariaDB use
                                                         database jqueue_bench on 127.0.0.1, SQLite a fresh file per run)
                  --scenario=all|single-enqueue|bulk-enqueue|worker-drain|pickup-latency|hot-key-drain|recurring-poll
                            (comma list allowed); also process-drain: worker-drain with each worker in its own JVM
                            (postgres or mariadb; not in "all"), and peer-drain-db-scheduler, peer-drain-jobrunr: other
                            job queues draining on the same database (postgres or mariadb; not in "all")
                  --size=N[,N...]                        jobs per run of the enqueue and drain scenarios (defaults:
                                                         enqueue 10000, worker-drain and process-drain 10000,100000,
                                                         hot-key-drain 2000, peer-drain 20000); recurring tasks of
                                                         recurring-poll (default 10000)
                  --runs=3 --warmups=1                   measured runs and unrecorded warm-up runs (warm-ups use at most 5000 jobs)
                  --shapes=1x16p4,2x16p4,4x8p2           worker-drain shapes: WORKERSxTHREADSpPREFETCH (SQLite default 1x1p1,1x4p4,1x16p4);
                                                         process-drain: PROCESSESxTHREADSpPREFETCH (default 4x8p4)
                  --threads=N [--workers=W] [--prefetch=P]  a single drain shape instead of --shapes; --threads is also
                                                         the pickup-latency worker's thread count (default 4)
                  --pickup-jobs=200 --pickup-polling-ms=100,10 --pickup-spacing-ms=20
                                                         pickup-latency: jobs enqueued one at a time, spaced apart
                  --stats=fresh[,seeded,history,backlog] worker-drain planner statistics: fresh = new schema, never
                                                         analyzed; seeded = ANALYZE after seeding; history = SIZE finished
                                                         jobs retained and analyzed, then seeding; backlog = SIZE finished
                                                         jobs retained, seeding, then ANALYZE
                  --finished=N                           worker-drain and process-drain: N finished jobs retained
                                                         (plain SQL) before seeding; recorded as finished_retained
                  --polls=200                            recurring-poll: timed scheduler polls per run
                  --repeats=5                            console-reads: timed calls of each page per run
                  --preserve-finished-jobs=true          keep finished jobs (the default) or delete them on completion
                  --output=benchmarks/results/<db>-<timestamp>.jsonl
                  --url=jdbc:... --user=... --password=...   override the connection
                  --sqlite-dir=DIR --sqlite-journal=wal|delete
                  --note="text"                          free text stored in every record's metadata (e.g. machine load)
                  --report=a.jsonl[,b.jsonl]             print the markdown tables of recorded results and exit
                """;
    }

    /** A worker-drain topology: {@code workers} pools of {@code threads} threads claiming {@code threads × prefetch}. */
    record DrainShape(int workers, int threads, int prefetch) {
        static DrainShape parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            int x = t.indexOf('x');
            int p = t.indexOf('p');
            if (x < 0) {
                throw new IllegalArgumentException("drain shape must look like 2x16p4 (got " + text + ")");
            }
            int workers = Integer.parseInt(t.substring(0, x));
            int threads = Integer.parseInt(p < 0 ? t.substring(x + 1) : t.substring(x + 1, p));
            int prefetch = p < 0 ? 4 : Integer.parseInt(t.substring(p + 1));
            return new DrainShape(workers, threads, prefetch);
        }

        @Override
        public String toString() {
            return workers + "x" + threads + "p" + prefetch;
        }
    }
}
