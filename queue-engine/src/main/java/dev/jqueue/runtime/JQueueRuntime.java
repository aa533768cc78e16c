package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.RuntimeMode;
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

    private final Supervisor supervisor;

    public JQueueRuntime(Backend backend, BackendProperties properties, boolean standalone, boolean onlyWork,
                         boolean onlyDispatch, JsonMapper json) {
        this(backend, properties, standalone, onlyWork, onlyDispatch, json, Lifecycle.none());
    }

    public JQueueRuntime(Backend backend, BackendProperties properties, boolean standalone, boolean onlyWork,
                         boolean onlyDispatch, JsonMapper json, Lifecycle lifecycle) {
        if (properties.mode() == RuntimeMode.FORK) {
            throw new IllegalStateException("jqueue backend '" + backend.backend() + "': mode=fork is not available in "
                    + "this version; run with --mode=async (workers as threads)");
        }
        this.supervisor = new Supervisor(backend, Topology.runners(backend, properties, onlyWork, onlyDispatch),
                properties.processHeartbeatInterval(), properties.processAliveThreshold(), properties.shutdownTimeout(),
                standalone, json, lifecycle,
                standalone && properties.supervisorPidfile() != null ? java.nio.file.Path.of(properties.supervisorPidfile()) : null);
    }

    public Supervisor supervisor() {
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
