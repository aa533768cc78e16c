package dev.jqueue.command;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.observability.SnapshotReader;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;

/**
 * {@code jqueue:health [--backend=A] [--max-age=SECONDS] [--deep]}: prints {@code healthy} and
 * exits 0 when the backend has a live process row (heartbeat within {@code --max-age}, default
 * the backend's {@code process-alive-threshold}); otherwise writes
 * {@code unhealthy: no live jqueue processes} to stderr and exits 1. {@code --deep} adds the
 * consistency checks of {@link DeepHealth}, each problem on its own stderr line.
 */
public final class HealthCommand {

    public static final String NAME = "jqueue:health";
    static final Set<String> OPTIONS = Set.of("backend", "max-age", "deep");

    private HealthCommand() {
    }

    public static int run(Backends backends, ApplicationArguments arguments, PrintStream out, PrintStream err) {
        CommandOptions options = new CommandOptions(NAME, arguments, OPTIONS);
        String alias = options.backendAlias(backends);
        Backend backend = backends.get(alias);
        BackendProperties properties = backends.properties(alias);
        Duration maxAge = options.seconds("max-age");
        if (maxAge == null) {
            maxAge = properties.processAliveThreshold();
        }
        boolean deep = options.flag("deep");
        Instant now = backend.context().now();
        Instant cutoff = now.minus(maxAge);
        List<SnapshotReader.ProcessInfo> processes = backend.context().db.read(connection ->
                SnapshotReader.processes(connection, backend.context(), backend.context().codec.mapper()));
        List<SnapshotReader.ProcessInfo> live = processes.stream().filter(p -> p.liveAt(cutoff)).toList();

        List<String> problems = new ArrayList<>();
        if (live.isEmpty()) {
            problems.add("no live jqueue processes");
        }
        if (deep) {
            problems.addAll(new DeepHealth(backend, properties, now, cutoff).problems(live));
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
