package dev.jqueue.runtime;

import dev.jqueue.JQueueVersion;
import dev.jqueue.ProcessInfo;
import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One fork-mode child: runs a single runner registered under its supervisor (the runner
 * heartbeats its row from its own loop), and stops itself when the supervisor process is gone,
 * its own row was removed, or its runner crashed.
 * SIGTERM (from the supervisor or an operator) closes the Spring context, which drains it.
 */
public final class ChildProcess implements RuntimeSupervisor {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    private final Backend backend;
    private final Runner runner;
    private final long supervisorId;
    private final BackendProperties properties;
    private final JsonMapper json;
    private final Lifecycle lifecycle;
    private final Runnable exit;
    private ScheduledExecutorService timers;
    private volatile ProcessInfo process;

    public ChildProcess(Backend backend, BackendProperties properties, String name, long supervisorId, JsonMapper json,
                        Lifecycle lifecycle, Runnable exit) {
        this.backend = backend;
        this.properties = properties;
        this.runner = Topology.runner(backend, properties, name);
        this.supervisorId = supervisorId;
        this.json = json;
        this.lifecycle = lifecycle;
        this.exit = exit;
    }

    @Override
    public boolean running() {
        return process != null;
    }

    @Override
    public synchronized void start() {
        long pid = ProcessHandle.current().pid();
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            hostname = "localhost";
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jqueue_version", JQueueVersion.current());
        metadata.put("rollout_protocol", 1);
        metadata.put("mode", "fork");
        metadata.putAll(runner.metadata());
        long id = backend.context().processes.register(runner.kind(), runner.name(), pid, hostname,
                json.writeValueAsString(metadata), supervisorId, backend.context().now());
        process = new ProcessInfo(id, backend.backend(), runner.kind(), runner.name(), pid, hostname, supervisorId, metadata);
        backend.context().db.outage().reportTo(lifecycle::error);
        runner.heartbeatEvery(properties.processHeartbeatInterval()); // from the runner's own loop
        runner.start(id);
        lifecycle.fire(event("start"), process);
        timers = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("jqueue-child").daemon(true).factory());
        timers.scheduleWithFixedDelay(this::watch, 500, 500, TimeUnit.MILLISECONDS);
    }

    private String event(String phase) {
        return runner.kind().toLowerCase(Locale.ROOT) + "." + phase;
    }

    /**
     * A child whose supervisor died stops itself rather than run unsupervised; one whose runner
     * found its row gone (pruned or deleted) or crashed exits too, and its supervisor starts a
     * new one.
     */
    private void watch() {
        boolean parentAlive = ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false);
        if (!parentAlive) {
            log.warn("jqueue {}: its supervisor is gone; stopping", runner.name());
            orphaned();
        } else if (runner.rowLost()) {
            log.warn("jqueue {}: its process row disappeared; stopping", runner.name());
            orphaned();
        } else if (runner.crashed()) {
            log.warn("jqueue {}: its runner crashed; stopping", runner.name());
            orphaned();
        }
    }

    private void orphaned() {
        if (timers != null) {
            timers.shutdown();
        }
        Thread.ofPlatform().name("jqueue-child-exit").start(exit);
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        runner.requestStop();
        lifecycle.fire(event("stop"), process);
        runner.awaitStop(properties.shutdownTimeout());
        try {
            backend.context().processes.deregister(process.id());
        } catch (RuntimeException e) {
            lifecycle.error(runner.kind().toLowerCase(Locale.ROOT) + ".stop", e);
        }
        lifecycle.fire(event("exit"), process);
        process = null;
    }

    Duration shutdownTimeout() {
        return properties.shutdownTimeout();
    }
}
