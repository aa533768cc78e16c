package dev.jqueue.runtime;

import dev.jqueue.JQueueVersion;
import dev.jqueue.ProcessInfo;
import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * {@code fork} mode: each runner is a child JVM of the same application (same java, JVM
 * options, classpath or jar, main class and arguments, plus {@code --jqueue-child=NAME}).
 * The supervisor watches the children: when one exits or is killed, its claimed jobs fail
 * with ProcessExitError naming the exit status or signal, its row goes, and it is started
 * again with exponential backoff (reset after it stays up a minute). On stop it sends SIGTERM,
 * waits for the children to drain, then SIGKILLs the survivors and fails what they held.
 */
public final class ForkSupervisor implements RuntimeSupervisor {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    private static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    /** One child position: its current process, restarts and timing. */
    private static final class Child {
        final String name;
        Process process;
        int failures;
        Instant startedAt;
        Instant restartAt;

        Child(String name) {
            this.name = name;
        }
    }

    private final Backend backend;
    private final BackendProperties properties;
    private final List<Child> children = new ArrayList<>();
    private final JsonMapper json;
    private final Lifecycle lifecycle;
    private final Pidfile pidfile;
    private final long pid = ProcessHandle.current().pid();
    private final String hostname;
    private ScheduledExecutorService timers;
    private java.util.concurrent.CountDownLatch stopped;
    private volatile ProcessInfo process;
    private volatile boolean stopping;

    public ForkSupervisor(Backend backend, BackendProperties properties, List<String> names, JsonMapper json,
                          Lifecycle lifecycle, Path pidfile) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("jqueue supervisor requires at least one worker, dispatcher, or scheduler workload");
        }
        this.backend = backend;
        this.properties = properties;
        names.forEach(name -> children.add(new Child(name)));
        this.json = json;
        this.lifecycle = lifecycle;
        this.pidfile = pidfile == null ? null : new Pidfile(pidfile, pid);
        this.hostname = hostname();
    }

    @Override
    public boolean running() {
        return process != null;
    }

    /** Child process ids by runner name (for operators and tests). */
    public synchronized Map<String, Long> childPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Child child : children) {
            if (child.process != null && child.process.isAlive()) {
                pids.put(child.name, child.process.pid());
            }
        }
        return pids;
    }

    @Override
    public synchronized void start() {
        if (process != null) {
            return;
        }
        stopping = false;
        if (pidfile != null) {
            pidfile.acquire();
        }
        backend.context().db.outage().reportTo(lifecycle::error);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jqueue_version", JQueueVersion.current());
        metadata.put("rollout_protocol", 1);
        metadata.put("mode", "fork");
        metadata.put("standalone", true);
        metadata.put("children", children.stream().map(c -> c.name).toList());
        long id = backend.context().processes.register("Supervisor", "supervisor-" + hostname + "-" + pid, pid, hostname,
                json.writeValueAsString(metadata), null, backend.context().now());
        process = new ProcessInfo(id, backend.backend(), "Supervisor", "supervisor-" + hostname + "-" + pid, pid, hostname,
                null, metadata);
        while (backend.recovery.failOrphanedClaims() > 0) {
            // claims left by processes that vanished before this start
        }
        lifecycle.fire("supervisor.start", process);
        for (Child child : children) {
            spawn(child);
        }
        // The children are other JVMs: a non-daemon thread keeps this one alive until stop.
        stopped = new java.util.concurrent.CountDownLatch(1);
        Thread.ofPlatform().name("jqueue-fork-supervisor-main").daemon(false).start(() -> {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        timers = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("jqueue-fork-supervisor").daemon(true).factory());
        long beat = Math.max(100, properties.processHeartbeatInterval().toMillis());
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        long housekeeping = Math.max(1000, Math.min(properties.processAliveThreshold().toMillis(), Math.max(beat, 1000)));
        timers.scheduleWithFixedDelay(this::housekeeping, housekeeping, housekeeping, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::watchChildren, 100, 100, TimeUnit.MILLISECONDS);
        log.atInfo().addKeyValue("event", "supervisor.started").addKeyValue("backend", backend.backend())
                .log("jqueue fork supervisor started for backend '{}' with children {}", backend.backend(),
                        children.stream().map(c -> c.name).toList());
    }

    private void spawn(Child child) {
        List<String> command = childCommand(child.name, process.id());
        try {
            child.process = new ProcessBuilder(command).inheritIO().start();
            child.startedAt = Instant.now();
            child.restartAt = null;
        } catch (java.io.IOException e) {
            lifecycle.error("supervisor.child", e);
            child.process = null;
            child.failures++;
            child.restartAt = Instant.now().plus(Supervisor.backoff(child.failures));
        }
    }

    /** The same application again, told which runner to be. */
    static List<String> childCommand(String name, long supervisorId) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        List<String> launch = LaunchArguments.mainAndArguments(System.getProperty("sun.java.command", ""));
        String main = launch.removeFirst();
        if (main.endsWith(".jar")) {
            command.addAll(List.of("-jar", main));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        }
        launch.removeIf(arg -> arg.startsWith("--jqueue-child=") || arg.startsWith("--jqueue-supervisor-id="));
        command.addAll(launch);
        command.add("--jqueue-child=" + name);
        command.add("--jqueue-supervisor-id=" + supervisorId);
        return command;
    }

    private synchronized void watchChildren() {
        if (stopping || process == null) {
            return;
        }
        for (Child child : children) {
            try {
                if (child.process != null && !child.process.isAlive()) {
                    handleExit(child);
                } else if (child.process == null && child.restartAt != null && !Instant.now().isBefore(child.restartAt)) {
                    spawn(child);
                    log.atInfo().addKeyValue("event", "process.replaced").addKeyValue("backend", backend.backend())
                            .addKeyValue("name", child.name).addKeyValue("new_pid", child.process == null ? null : child.process.pid())
                            .log("process.replaced {}", child.name);
                }
            } catch (RuntimeException e) {
                lifecycle.error("supervisor.replace", e);
            }
        }
    }

    /** A child ended: fail what it held, remove its row, schedule its replacement. */
    private void handleExit(Child child) {
        Process ended = child.process;
        String message = exitMessage(ended.exitValue());
        int failed = backend.context().processes.findChild(process.id(), child.name, ended.pid())
                .map(rowId -> backend.recovery.failProcessExit(rowId, message)).orElse(0);
        log.atWarn().addKeyValue("event", "process.exited").addKeyValue("backend", backend.backend())
                .addKeyValue("name", child.name).addKeyValue("old_pid", ended.pid()).addKeyValue("failed_jobs", failed)
                .log("jqueue {} (pid {}): {}; {} claimed job(s) failed", child.name, ended.pid(), message, failed);
        boolean stable = Duration.between(child.startedAt, Instant.now()).compareTo(STABLE_AFTER) >= 0;
        child.failures = stable ? 1 : child.failures + 1;
        child.process = null;
        child.restartAt = Instant.now().plus(Supervisor.backoff(child.failures));
    }

    /** Java reports a child killed by signal N as exit status 128 + N. */
    static String exitMessage(int status) {
        return status > 128 && status < 160
                ? "child process exited from signal " + (status - 128)
                : "child process exited with status " + status;
    }

    private void heartbeat() {
        try {
            ProcessInfo self = process;
            if (self != null && backend.context().processes.heartbeat(List.of(self.id()), backend.context().now()) == 0) {
                reregister(self);
            }
        } catch (RuntimeException e) {
            backend.context().db.outage().failed("supervisor.heartbeat", e);
        }
    }

    /**
     * The supervisor's row is gone (pruned by another supervisor): it registers again under its
     * name and re-parents its live children's rows, which it finds by pid when they exit.
     */
    private synchronized void reregister(ProcessInfo old) {
        if (process != old || stopping) {
            return;
        }
        long id = backend.context().processes.register("Supervisor", old.name(), pid, hostname,
                json.writeValueAsString(old.metadata()), null, backend.context().now());
        process = new ProcessInfo(id, backend.backend(), "Supervisor", old.name(), pid, hostname, null, old.metadata());
        List<Long> pids = children.stream().filter(c -> c.process != null && c.process.isAlive())
                .map(c -> c.process.pid()).toList();
        int adopted = backend.context().processes.adoptByPid(id, hostname, pids);
        log.atWarn().addKeyValue("event", "process.replaced").addKeyValue("backend", backend.backend())
                .addKeyValue("name", old.name()).addKeyValue("old_process_id", old.id()).addKeyValue("new_process_id", id)
                .addKeyValue("children_adopted", adopted)
                .log("process.replaced {}: its own row disappeared; registered again as {} with {} child row(s)",
                        old.name(), id, adopted);
        lifecycle.error("supervisor.heartbeat", new IllegalStateException("the supervisor's own process row "
                + old.id() + " disappeared (pruned by another supervisor?); registered again as " + id));
    }

    private void housekeeping() {
        if (stopping) {
            return;
        }
        try {
            backend.recovery.failOrphanedClaims();
            backend.recovery.pruneStaleProcesses(properties.processAliveThreshold(), process.id());
        } catch (RuntimeException e) {
            backend.context().db.outage().failed("supervisor.housekeeping", e);
        }
    }

    @Override
    public void stop() {
        List<Child> running;
        synchronized (this) {
            if (process == null || stopping) {
                return;
            }
            stopping = true;
            running = children.stream().filter(c -> c.process != null && c.process.isAlive()).toList();
        }
        lifecycle.fire("supervisor.stop", process);
        running.forEach(child -> child.process.destroy()); // SIGTERM: the child drains and deregisters itself
        Instant deadline = Instant.now().plus(properties.shutdownTimeout()).plusSeconds(2);
        for (Child child : running) {
            try {
                long wait = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
                if (!child.process.waitFor(wait, TimeUnit.MILLISECONDS)) {
                    child.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    backend.context().processes.findChild(process.id(), child.name, child.process.pid())
                            .ifPresent(rowId -> backend.recovery.failProcessExit(rowId,
                                    "child process killed at the shutdown timeout (signal 9)"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        try {
            backend.context().processes.deregister(process.id());
        } catch (RuntimeException e) {
            lifecycle.error("supervisor.stop", e);
        }
        if (pidfile != null) {
            pidfile.release();
        }
        lifecycle.fire("supervisor.exit", process);
        process = null;
        stopped.countDown();
        log.atInfo().addKeyValue("event", "supervisor.stopped").addKeyValue("backend", backend.backend())
                .log("jqueue fork supervisor stopped for backend '{}'", backend.backend());
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
