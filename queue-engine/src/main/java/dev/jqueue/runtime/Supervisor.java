package dev.jqueue.runtime;

import dev.jqueue.JQueueVersion;
import dev.jqueue.ProcessInfo;
import dev.jqueue.backend.Backend;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a backend's runners as threads of this JVM ({@code async} mode) and keeps them honest:
 *
 * <ul>
 * <li>registers itself and each runner in {@code jqueue_processes}; each runner heartbeats its own
 *     row from its own loop (a hung runner goes stale), the supervisor heartbeats its own row and
 *     checks that the runners' rows still exist;</li>
 * <li>housekeeping: fails orphaned claims (ProcessMissingError) at start-up and periodically, and
 *     prunes processes whose heartbeat expired (ProcessPrunedError);</li>
 * <li>a runner whose loop crashed, or whose row disappeared (pruned after it hung, or deleted), has
 *     its claims failed (ProcessExitError) and is replaced, with exponential backoff (reset after it
 *     stays up); a supervisor whose own row disappeared registers again and re-parents its runners;</li>
 * <li>stop: runners stop claiming, in-flight jobs finish within the shutdown timeout while the rows
 *     keep heartbeating with {@code shutdown_state: draining} in their metadata, then the rows go.</li>
 * </ul>
 */
public final class Supervisor implements RuntimeSupervisor {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    /** Supervisors started in this JVM; the second and later get a numeric suffix to keep names unique. */
    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** A runner position in the topology: the current runner, its restarts and when it started. */
    private static final class Slot {
        Runner runner;
        ProcessInfo process;
        int failures;
        Instant startedAt;
        Instant restartAt;
        boolean replacing;

        Slot(Runner runner) {
            this.runner = runner;
        }
    }

    private final Backend backend;
    private final List<Slot> slots = new ArrayList<>();
    private final Duration heartbeatInterval;
    private final Duration aliveThreshold;
    private final Duration shutdownTimeout;
    private final boolean standalone;
    private final JsonMapper json;
    private final Lifecycle lifecycle;
    private final Pidfile pidfile;
    private final String hostname;
    private final long pid;
    private ScheduledExecutorService timers;
    private volatile ProcessInfo process;
    private volatile boolean stopping;

    public Supervisor(Backend backend, List<Runner> runners, Duration heartbeatInterval, Duration shutdownTimeout,
                      boolean standalone, JsonMapper json) {
        this(backend, runners, heartbeatInterval, Duration.ofMinutes(5), shutdownTimeout, standalone, json,
                Lifecycle.none(), null);
    }

    public Supervisor(Backend backend, List<Runner> runners, Duration heartbeatInterval, Duration aliveThreshold,
                      Duration shutdownTimeout, boolean standalone, JsonMapper json, Lifecycle lifecycle, Path pidfile) {
        if (runners.isEmpty()) {
            throw new IllegalArgumentException("jqueue supervisor requires at least one worker, dispatcher, or scheduler workload");
        }
        this.backend = backend;
        for (Runner runner : runners) {
            slots.add(new Slot(runner));
        }
        this.heartbeatInterval = heartbeatInterval.isZero()
                ? minimum(aliveThreshold.dividedBy(2), Duration.ofSeconds(60)) : heartbeatInterval;
        this.aliveThreshold = aliveThreshold;
        this.shutdownTimeout = shutdownTimeout;
        this.standalone = standalone;
        this.json = json;
        this.lifecycle = lifecycle;
        this.hostname = hostname();
        this.pid = ProcessHandle.current().pid();
        this.pidfile = pidfile == null ? null : new Pidfile(pidfile, pid);
    }

    public synchronized List<Runner> runners() {
        return slots.stream().map(slot -> slot.runner).toList();
    }

    public Long processId() {
        return process == null ? null : process.id();
    }

    public boolean running() {
        return process != null;
    }

    public synchronized void start() {
        if (process != null) {
            return;
        }
        stopping = false;
        if (pidfile != null) {
            pidfile.acquire();
        }
        backend.context().db.outage().reportTo(lifecycle::error);
        try {
            Map<String, Object> metadata = baseMetadata();
            metadata.put("mode", "async");
            metadata.put("standalone", standalone);
            metadata.put("worker_count", slots.stream().filter(s -> s.runner instanceof Worker).count());
            metadata.put("dispatcher_count", slots.stream().filter(s -> s.runner instanceof Dispatcher).count());
            metadata.put("has_scheduler", slots.stream().anyMatch(s -> s.runner.kind().equals("Scheduler")));
            int sequence = STARTED.incrementAndGet();
            process = register("Supervisor", "supervisor-" + hostname + "-" + pid + (sequence == 1 ? "" : "-" + sequence),
                    metadata, null);
            drainOrphans();
            lifecycle.fire("supervisor.start", process);
            for (Slot slot : slots) {
                startRunner(slot);
            }
        } catch (RuntimeException e) {
            // a failed start leaves no rows and no pidfile behind
            stopRunners();
            deregisterAll();
            if (pidfile != null) {
                pidfile.release();
            }
            process = null;
            throw e;
        }
        timers = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("jqueue-supervisor").daemon(true).factory());
        long beat = Math.max(100, heartbeatInterval.toMillis());
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        long housekeeping = Math.max(1000, minimum(aliveThreshold, maximum(heartbeatInterval, Duration.ofSeconds(1))).toMillis());
        timers.scheduleWithFixedDelay(this::housekeeping, housekeeping, housekeeping, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::superviseRunners, 200, 200, TimeUnit.MILLISECONDS);
        log.atInfo().addKeyValue("event", "supervisor.started").addKeyValue("backend", backend.backend())
                .log("jqueue supervisor started for backend '{}' with {} runner(s)", backend.backend(), slots.size());
    }

    private Map<String, Object> baseMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jqueue_version", JQueueVersion.current());
        metadata.put("rollout_protocol", 1);
        return metadata;
    }

    private ProcessInfo register(String kind, String name, Map<String, Object> metadata, Long supervisorId) {
        long id = backend.context().processes.register(kind, name, pid, hostname, json.writeValueAsString(metadata),
                supervisorId, backend.context().now());
        return new ProcessInfo(id, backend.backend(), kind, name, pid, hostname, supervisorId, metadata);
    }

    private void startRunner(Slot slot) {
        Map<String, Object> metadata = baseMetadata();
        metadata.putAll(slot.runner.metadata());
        slot.process = register(slot.runner.kind(), slot.runner.name(), metadata, process.id());
        slot.runner.heartbeatEvery(heartbeatInterval);
        slot.runner.start(slot.process.id());
        slot.startedAt = Instant.now();
        lifecycle.fire(event(slot.runner, "start"), slot.process);
    }

    private static String event(Runner runner, String phase) {
        return runner.kind().toLowerCase(Locale.ROOT) + "." + phase;
    }

    /** Claims left by processes that vanished (their rows were deleted) fail with ProcessMissingError. */
    private void drainOrphans() {
        for (int pass = 0; pass < 20 && backend.recovery.failOrphanedClaims() > 0; pass++) {
            // bounded: 500 per pass
        }
    }

    /**
     * Heartbeats the supervisor's own row (each runner heartbeats its own, from its own loop) and
     * checks that the runners' rows still exist: a runner whose row was pruned (it hung and went
     * stale) or deleted is replaced. When the supervisor's own row is gone (another supervisor
     * pruned it, say after a network partition), it registers again and re-parents its runners.
     */
    private void heartbeat() {
        try {
            ProcessInfo self = process;
            if (self == null) {
                return;
            }
            if (backend.context().processes.heartbeat(List.of(self.id()), backend.context().now()) == 0) {
                reregister(self);
            }
            List<Long> runnerIds = new ArrayList<>();
            synchronized (this) {
                for (Slot slot : slots) {
                    if (slot.process != null && !slot.replacing) {
                        runnerIds.add(slot.process.id());
                    }
                }
            }
            Set<Long> existing = backend.context().processes.existing(runnerIds);
            if (existing.size() < runnerIds.size()) {
                synchronized (this) {
                    for (Slot slot : slots) {
                        if (slot.process != null && !slot.replacing && runnerIds.contains(slot.process.id())
                                && !existing.contains(slot.process.id())) {
                            log.warn("jqueue {}: its process row disappeared; stopping and replacing it", slot.runner.name());
                            replace(slot, "process row disappeared");
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            backend.context().db.outage().failed("supervisor.heartbeat", e);
        }
    }

    /** The supervisor's row is gone: register it again under its name and re-parent the live runners. */
    private synchronized void reregister(ProcessInfo old) {
        if (process != old || stopping) {
            return;
        }
        process = register("Supervisor", old.name(), new LinkedHashMap<>(old.metadata()), null);
        List<Long> runnerIds = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.process != null) {
                runnerIds.add(slot.process.id());
            }
        }
        int adopted = backend.context().processes.adopt(process.id(), runnerIds);
        log.atWarn().addKeyValue("event", "process.replaced").addKeyValue("backend", backend.backend())
                .addKeyValue("name", old.name()).addKeyValue("old_process_id", old.id())
                .addKeyValue("new_process_id", process.id()).addKeyValue("runners_adopted", adopted)
                .log("process.replaced {}: its own row disappeared; registered again as {} with {} runner(s)", old.name(),
                        process.id(), adopted);
        lifecycle.error("supervisor.heartbeat", new IllegalStateException("the supervisor's own process row "
                + old.id() + " disappeared (pruned by another supervisor?); registered again as " + process.id()));
    }

    private void housekeeping() {
        if (stopping) {
            return;
        }
        try {
            backend.recovery.failOrphanedClaims();
            backend.recovery.pruneStaleProcesses(aliveThreshold, process == null ? null : process.id());
        } catch (RuntimeException e) {
            backend.context().db.outage().failed("supervisor.housekeeping", e);
        }
    }

    /** Replaces crashed runners, and starts replacements whose backoff has passed. */
    private synchronized void superviseRunners() {
        if (stopping || process == null) {
            return;
        }
        for (Slot slot : slots) {
            try {
                if (slot.replacing && slot.restartAt != null && !Instant.now().isBefore(slot.restartAt)) {
                    slot.replacing = false;
                    slot.restartAt = null;
                    startRunner(slot);
                    log.atInfo().addKeyValue("event", "process.replaced").addKeyValue("backend", backend.backend())
                            .addKeyValue("name", slot.runner.name()).log("process.replaced {}", slot.runner.name());
                } else if (!slot.replacing && slot.runner.crashed()) {
                    replace(slot, "runner thread crashed");
                } else if (!slot.replacing && slot.runner.rowLost()) {
                    replace(slot, "process row disappeared");
                }
            } catch (RuntimeException e) {
                lifecycle.error("supervisor.replace", e);
            }
        }
    }

    /** Stops a runner, fails what it held with ProcessExitError, and schedules a fresh one. */
    private void replace(Slot slot, String reason) {
        Runner old = slot.runner;
        slot.replacing = true;
        old.requestStop();
        lifecycle.fire(event(old, "stop"), slot.process);
        old.abandon(shutdownTimeout);
        int failed = backend.recovery.failProcessExit(slot.process.id(), reason);
        lifecycle.fire(event(old, "exit"), slot.process);
        lifecycle.error(old.kind().toLowerCase(Locale.ROOT) + ".run", new IllegalStateException(
                old.name() + ": " + reason + " (" + failed + " claimed job(s) failed with ProcessExitError)"));
        Runner fresh = old.fresh();
        if (old instanceof Poller oldPoller && fresh instanceof Poller freshPoller) {
            freshPoller.setLogPolls(oldPoller.logPolls());
        }
        if (fresh == null) {
            log.warn("jqueue {} cannot be rebuilt; it stays stopped", old.name());
            return;
        }
        boolean stable = slot.startedAt != null && Duration.between(slot.startedAt, Instant.now()).compareTo(STABLE_AFTER) >= 0;
        slot.failures = stable ? 1 : slot.failures + 1;
        slot.runner = fresh;
        slot.process = null;
        slot.restartAt = Instant.now().plus(backoff(slot.failures));
    }

    /** First restart at once, then 0.1 s × 2^(n-2), at most 30 s. */
    static Duration backoff(int failures) {
        if (failures <= 1) {
            return Duration.ZERO;
        }
        long millis = (long) (100 * Math.pow(2, Math.min(20, failures - 2)));
        return minimum(Duration.ofMillis(millis), MAX_BACKOFF);
    }

    /**
     * Graceful stop: no new claims; in-flight jobs finish within the shutdown timeout while the
     * rows keep heartbeating, marked draining; then the rows are removed.
     */
    public void stop() {
        synchronized (this) {
            if (process == null || stopping) {
                return;
            }
            stopping = true;
        }
        lifecycle.fire("supervisor.stop", process);
        markDraining();
        stopRunners();
        if (timers != null) {
            timers.shutdownNow();
        }
        deregisterAll();
        if (pidfile != null) {
            pidfile.release();
        }
        lifecycle.fire("supervisor.exit", process);
        process = null;
        log.atInfo().addKeyValue("event", "supervisor.stopped").addKeyValue("backend", backend.backend())
                .log("jqueue supervisor stopped for backend '{}'", backend.backend());
    }

    private void markDraining() {
        Instant now = Instant.now();
        for (Slot slot : slots) {
            if (slot.process == null || !(slot.runner instanceof Worker worker)) {
                continue;
            }
            Map<String, Object> metadata = new LinkedHashMap<>(slot.process.metadata());
            metadata.put("shutdown_state", "draining");
            metadata.put("shutdown_started_at", now.toString());
            metadata.put("shutdown_timeout", shutdownTimeout.toMillis() / 1000.0);
            metadata.put("active_jobs", worker.inFlight());
            try {
                backend.context().processes.updateMetadata(slot.process.id(), json.writeValueAsString(metadata));
            } catch (RuntimeException e) {
                lifecycle.error("supervisor.stop", e);
            }
        }
    }

    private void stopRunners() {
        for (Slot slot : slots) {
            slot.runner.requestStop();
            if (slot.process != null) {
                lifecycle.fire(event(slot.runner, "stop"), slot.process);
            }
        }
        for (Slot slot : slots) {
            if (!slot.runner.awaitStop(shutdownTimeout)) {
                log.warn("jqueue {} did not drain within {}", slot.runner.name(), shutdownTimeout);
            }
        }
    }

    private void deregisterAll() {
        List<Long> ids = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.process != null) {
                ids.add(slot.process.id());
            }
        }
        if (process != null) {
            ids.add(process.id());
        }
        try {
            backend.context().db.inTransaction(connection -> backend.context().processes.deregister(connection, ids));
        } catch (RuntimeException e) {
            lifecycle.error("supervisor.stop", e);
        }
        for (Slot slot : slots) {
            if (slot.process != null) {
                lifecycle.fire(event(slot.runner, "exit"), slot.process);
                slot.process = null;
            }
        }
    }

    private static Duration minimum(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration maximum(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
