package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a backend's workers and dispatchers as threads of this JVM ({@code async} mode): it
 * registers itself and each runner in {@code jqueue_processes}, heartbeats all of those rows
 * with one statement, and on stop lets in-flight jobs finish within the shutdown timeout
 * before removing the rows.
 */
public final class Supervisor {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    public static final String VERSION = "0.1.0";
    /** Supervisors started in this JVM; the second and later get a numeric suffix to keep names unique. */
    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();

    private final Backend backend;
    private final List<Runner> runners;
    private final Duration heartbeatInterval;
    private final Duration shutdownTimeout;
    private final boolean standalone;
    private final JsonMapper json;
    private final String hostname;
    private final long pid;
    private ScheduledExecutorService heartbeats;
    private volatile Long processId;
    private final List<Long> processIds = new ArrayList<>();

    public Supervisor(Backend backend, List<Runner> runners, Duration heartbeatInterval, Duration shutdownTimeout,
                      boolean standalone, JsonMapper json) {
        if (runners.isEmpty()) {
            throw new IllegalArgumentException("jqueue supervisor requires at least one worker, dispatcher, or scheduler workload");
        }
        this.backend = backend;
        this.runners = List.copyOf(runners);
        this.heartbeatInterval = heartbeatInterval;
        this.shutdownTimeout = shutdownTimeout;
        this.standalone = standalone;
        this.json = json;
        this.hostname = hostname();
        this.pid = ProcessHandle.current().pid();
    }

    public List<Runner> runners() {
        return runners;
    }

    public Long processId() {
        return processId;
    }

    public synchronized void start() {
        if (processId != null) {
            return;
        }
        var now = backend.context().now();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jqueue_version", VERSION);
        metadata.put("rollout_protocol", 1);
        metadata.put("mode", "async");
        metadata.put("standalone", standalone);
        metadata.put("worker_count", runners.stream().filter(r -> r instanceof Worker).count());
        metadata.put("dispatcher_count", runners.stream().filter(r -> r instanceof Dispatcher).count());
        metadata.put("has_scheduler", runners.stream().anyMatch(r -> "Scheduler".equals(r.kind())));
        int sequence = STARTED.incrementAndGet();
        String name = "supervisor-" + hostname + "-" + pid + (sequence == 1 ? "" : "-" + sequence);
        processId = backend.context().processes.register("Supervisor", name, pid, hostname,
                json.writeValueAsString(metadata), null, now);
        processIds.add(processId);
        for (Runner runner : runners) {
            Map<String, Object> runnerMetadata = new LinkedHashMap<>();
            runnerMetadata.put("jqueue_version", VERSION);
            runnerMetadata.put("rollout_protocol", 1);
            runnerMetadata.putAll(runner.metadata());
            long id = backend.context().processes.register(runner.kind(), runner.name(), pid, hostname,
                    json.writeValueAsString(runnerMetadata), processId, now);
            processIds.add(id);
            runner.start(id);
        }
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("jqueue-heartbeat").daemon(true).factory());
        long every = Math.max(1, heartbeatInterval.toMillis());
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        log.atInfo().addKeyValue("event", "supervisor.started").addKeyValue("backend", backend.backend())
                .log("jqueue supervisor started for backend '{}' with {} runner(s)", backend.backend(), runners.size());
    }

    private void heartbeat() {
        try {
            List<Long> ids;
            synchronized (this) {
                ids = List.copyOf(processIds);
            }
            backend.context().processes.heartbeat(ids, backend.context().now());
        } catch (RuntimeException e) {
            log.warn("jqueue heartbeat failed: {}", e.toString());
        }
    }

    /** Graceful stop: no new claims, in-flight jobs finish (up to the shutdown timeout), rows removed. */
    public synchronized void stop() {
        if (processId == null) {
            return;
        }
        for (Runner runner : runners) {
            runner.requestStop();
        }
        for (Runner runner : runners) {
            boolean clean = runner.awaitStop(shutdownTimeout);
            if (!clean) {
                log.warn("jqueue {} did not drain within {}", runner.name(), shutdownTimeout);
            }
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        try {
            backend.context().db.inTransaction(connection -> backend.context().processes.deregister(connection,
                    processIds.reversed()));
        } catch (RuntimeException e) {
            log.warn("jqueue could not remove process rows: {}", e.toString());
        }
        processIds.clear();
        processId = null;
        log.atInfo().addKeyValue("event", "supervisor.stopped").addKeyValue("backend", backend.backend())
                .log("jqueue supervisor stopped for backend '{}'", backend.backend());
    }

    public boolean running() {
        return processId != null;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            int at = name.indexOf('@');
            return at >= 0 ? name.substring(at + 1) : "localhost";
        }
    }
}
