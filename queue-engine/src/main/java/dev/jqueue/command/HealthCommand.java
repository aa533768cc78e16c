package dev.jqueue.command;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.CommandLineSyntax;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.observability.PostgresDiagnostics;
import dev.jqueue.observability.SnapshotReader;
import dev.jqueue.sql.DatabaseOutage;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.boot.ApplicationArguments;
import tools.jackson.databind.JsonNode;

/**
 * {@code jqueue:health [--backend=A] [--max-age=SECONDS] [--deep] [--require-version=V]
 * [--long-transaction=SECONDS]}: prints {@code healthy} and exits 0 when the backend has a live
 * process row (heartbeat within {@code --max-age}, default the backend's
 * {@code process-alive-threshold}); otherwise writes {@code unhealthy: no live jqueue processes}
 * to stderr and exits 1. {@code --require-version} is unhealthy when a live process reports
 * another {@code jqueue_version} in its metadata (or none), with or without {@code --deep}.
 * {@code --deep} adds the consistency checks of {@link DeepHealth}, each problem on its own
 * stderr line; on PostgreSQL a transaction counts as long after {@code --long-transaction}
 * seconds (default 300). An unreachable queue database is {@code unhealthy: queue database
 * unreachable (…)}, exit 1 (at start-up {@code QueueDatabaseFailureAnalyzer} says the same).
 */
public final class HealthCommand {

    public static final String NAME = "jqueue:health";
    static final CommandLineSyntax SYNTAX = new CommandLineSyntax(NAME, Map.of("backend", CommandLineSyntax.Arity.VALUE,
            "max-age", CommandLineSyntax.Arity.VALUE, "deep", CommandLineSyntax.Arity.FLAG,
            "require-version", CommandLineSyntax.Arity.VALUE, "long-transaction", CommandLineSyntax.Arity.VALUE));

    private HealthCommand() {
    }

    public static int run(Backends backends, ApplicationArguments arguments, PrintStream out, PrintStream err) {
        CommandOptions options = new CommandOptions(SYNTAX, arguments);
        String alias = options.backendAlias(backends);
        Backend backend = backends.get(alias);
        BackendProperties properties = backends.properties(alias);
        Duration maxAge = options.seconds("max-age");
        if (maxAge == null) {
            maxAge = properties.processAliveThreshold();
        }
        boolean deep = options.flag("deep");
        String requiredVersion = options.string("require-version");
        Duration longTransaction = options.seconds("long-transaction");
        if (longTransaction == null) {
            longTransaction = PostgresDiagnostics.LONG_TRANSACTION;
        }
        Instant now = backend.context().now();
        Instant cutoff = now.minus(maxAge);
        List<SnapshotReader.ProcessInfo> processes;
        try {
            processes = backend.context().db.read(connection ->
                    SnapshotReader.processes(connection, backend.context(), backend.context().codec.mapper()));
        } catch (RuntimeException e) {
            if (DatabaseOutage.classify(e) != DatabaseOutage.Kind.UNAVAILABLE) {
                throw e;
            }
            err.println("unhealthy: queue database unreachable (" + e.getMessage() + ")");
            return 1;
        }
        List<SnapshotReader.ProcessInfo> live = processes.stream().filter(p -> p.liveAt(cutoff)).toList();

        List<String> problems = new ArrayList<>();
        if (live.isEmpty()) {
            problems.add("no live jqueue processes");
        }
        if (requiredVersion != null) {
            Map<String, List<String>> others = new TreeMap<>();
            for (SnapshotReader.ProcessInfo process : live) {
                JsonNode version = process.metadata().get("jqueue_version");
                String reported = version == null || version.isNull() ? "none" : version.asString();
                if (!reported.equals(requiredVersion)) {
                    others.computeIfAbsent(reported, v -> new ArrayList<>()).add(process.name());
                }
            }
            if (!others.isEmpty()) {
                int count = others.values().stream().mapToInt(List::size).sum();
                problems.add(count + " live process(es) on a jqueue version other than " + requiredVersion + ": "
                        + others.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                        .collect(Collectors.joining("; ")));
            }
        }
        if (deep) {
            problems.addAll(new DeepHealth(backend, properties, now, cutoff, longTransaction).problems(live));
        }
        if (problems.isEmpty()) {
            out.println("healthy");
            return 0;
        }
        for (String problem : problems) {
            err.println("unhealthy: " + problem);
        }
        return 1;
    }
}
