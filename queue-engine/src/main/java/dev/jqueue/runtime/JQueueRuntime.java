package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.RuntimeMode;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts and stops a backend's supervisor with the Spring context. Embedded (inside a web
 * app) signal handling stays with the host; standalone ({@code java -jar app.jar jqueue})
 * the JVM's shutdown hook closes the context on SIGTERM/SIGINT, which stops it gracefully.
 */
public final class JQueueRuntime implements SmartLifecycle {

    /** Late start, early stop: every bean the tasks use is up before the first job runs. */
    public static final int PHASE = Integer.MAX_VALUE - 1024;

    private final RuntimeSupervisor supervisor;

    public JQueueRuntime(Backend backend, BackendProperties properties, boolean standalone, boolean onlyWork,
                         boolean onlyDispatch, JsonMapper json) {
        this(backend, properties, standalone, onlyWork, onlyDispatch, json, Lifecycle.none(), null, null);
    }

    /**
     * @param child in a fork-mode child JVM, the runner it runs (else null)
     * @param supervisorId in a fork-mode child JVM, its supervisor's process row id
     */
    public JQueueRuntime(Backend backend, BackendProperties properties, boolean standalone, boolean onlyWork,
                         boolean onlyDispatch, JsonMapper json, Lifecycle lifecycle, String child, Long supervisorId) {
        java.nio.file.Path pidfile = standalone && properties.supervisorPidfile() != null
                ? java.nio.file.Path.of(properties.supervisorPidfile()) : null;
        if (child != null) {
            if (supervisorId == null) {
                throw new IllegalStateException("jqueue: --jqueue-child needs --jqueue-supervisor-id");
            }
            this.supervisor = new ChildProcess(backend, properties, child, supervisorId, json, lifecycle,
                    () -> System.exit(0));
        } else if (properties.mode() == RuntimeMode.FORK && standalone) {
            this.supervisor = new ForkSupervisor(backend, properties,
                    Topology.forkNames(properties, onlyWork, onlyDispatch), json, lifecycle, pidfile);
        } else {
            if (properties.mode() == RuntimeMode.FORK) {
                LoggerFactory.getLogger(JQueueRuntime.class).warn("jqueue backend '{}': mode=fork applies to the "
                        + "`jqueue` command; embedded runners run as threads (async)", backend.backend());
            }
            this.supervisor = new Supervisor(backend, Topology.runners(backend, properties, onlyWork, onlyDispatch),
                    properties.processHeartbeatInterval(), properties.processAliveThreshold(),
                    properties.shutdownTimeout(), standalone, json, lifecycle, pidfile);
        }
    }

    /** The async supervisor, or throws if this runtime runs fork mode. */
    public Supervisor supervisor() {
        if (supervisor instanceof Supervisor async) {
            return async;
        }
        throw new IllegalStateException("this jqueue runtime is not an async supervisor: " + supervisor);
    }

    public RuntimeSupervisor runtime() {
        return supervisor;
    }

    @Override
    public void start() {
        supervisor.start();
    }

    @Override
    public void stop() {
        supervisor.stop();
    }

    @Override
    public boolean isRunning() {
        return supervisor.running();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
