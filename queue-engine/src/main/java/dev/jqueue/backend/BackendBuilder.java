package dev.jqueue.backend;

import dev.jqueue.JQueueTask;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.runtime.Lifecycle;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.runtime.Topology;
import dev.jqueue.schema.SchemaMigrator;
import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.Dialects;
import dev.jqueue.sql.QueueDatabase;
import dev.jqueue.task.ArgumentCodec;
import dev.jqueue.task.CallRecorder;
import dev.jqueue.task.TaskRegistry;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a {@link Backend} without a Spring context: for tests, benchmarks and programs that
 * wire things by hand. Spring Boot applications get the same through auto-configuration.
 *
 * <pre>{@code
 * Backend backend = BackendBuilder.on(dataSource).tasks(new Mailer()).build();
 * Supervisor supervisor = BackendBuilder.supervisor(backend, BackendProperties.defaults());
 * }</pre>
 */
public final class BackendBuilder {

    private final DataSource dataSource;
    private String alias = "default";
    private Dialect dialect;
    private Clock clock = Clock.systemUTC();
    private JsonMapper mapper = JsonMapper.builder().build();
    private TaskRegistry tasks = new TaskRegistry();
    private BackendContext.Settings settings = new BackendContext.Settings(List.of(), true, false);
    private boolean migrate = true;

    private BackendBuilder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static BackendBuilder on(DataSource dataSource) {
        return new BackendBuilder(dataSource);
    }

    public BackendBuilder alias(String alias) {
        this.alias = alias;
        return this;
    }

    public BackendBuilder dialect(Dialect dialect) {
        this.dialect = dialect;
        return this;
    }

    public BackendBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public BackendBuilder settings(BackendContext.Settings settings) {
        this.settings = settings;
        return this;
    }

    public BackendBuilder migrate(boolean migrate) {
        this.migrate = migrate;
        return this;
    }

    public BackendBuilder registry(TaskRegistry registry) {
        this.tasks = registry;
        return this;
    }

    /** Registers every {@link JQueueTask} method of these objects. */
    public BackendBuilder tasks(Object... beans) {
        for (Object bean : beans) {
            tasks.postProcessAfterInitialization(bean, bean.getClass().getName());
        }
        return this;
    }

    public Backend build() {
        Dialect resolved = dialect != null ? dialect : Dialects.detect(dataSource);
        if (migrate) {
            SchemaMigrator.migrate(alias, dataSource, resolved);
        }
        QueueDatabase db = new QueueDatabase(alias, dataSource, resolved);
        BackendContext context = new BackendContext(alias, db, clock, tasks, new ArgumentCodec(mapper), settings);
        return new Backend(context, new CallRecorder(), other -> {
            throw new IllegalArgumentException("backend '" + other + "' is not known to this hand-built backend");
        });
    }

    /** An async supervisor with the runners the properties describe (not started). */
    public static Supervisor supervisor(Backend backend, BackendProperties properties) {
        return supervisor(backend, properties, Lifecycle.none());
    }

    /** The same, with lifecycle hooks and an error handler. */
    public static Supervisor supervisor(Backend backend, BackendProperties properties, Lifecycle lifecycle) {
        return new Supervisor(backend, Topology.runners(backend, properties, false, false),
                properties.processHeartbeatInterval(), properties.processAliveThreshold(), properties.shutdownTimeout(),
                false, JsonMapper.builder().build(), lifecycle,
                properties.supervisorPidfile() == null ? null : java.nio.file.Path.of(properties.supervisorPidfile()));
    }
}
