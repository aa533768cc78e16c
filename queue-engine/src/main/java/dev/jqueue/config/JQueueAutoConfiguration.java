package dev.jqueue.config;

import dev.jqueue.JQueue;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.JQueueErrorHandler;
import dev.jqueue.JQueueHook;
import dev.jqueue.runtime.JQueueRuntime;
import dev.jqueue.runtime.Lifecycle;
import dev.jqueue.runtime.Topology;
import dev.jqueue.schema.SchemaMigrator;
import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.Dialects;
import dev.jqueue.sql.QueueDatabase;
import dev.jqueue.task.ArgumentCodec;
import dev.jqueue.task.CallRecorder;
import dev.jqueue.task.TaskRegistry;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires jqueue into a Spring Boot application: the task registry, one {@link Backend} per
 * configured alias (schema migrated on its DataSource), the primary {@link JQueue} bean, and
 * the supervisor when {@code jqueue.embedded.enabled=true} or the {@code jqueue} command runs.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(JQueueProperties.class)
public class JQueueAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TaskRegistry jqueueTaskRegistry() {
        return new TaskRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    Backends jqueueBackends(JQueueProperties properties, BeanFactory beans, TaskRegistry tasks,
                            ObjectProvider<JsonMapper> jsonMapper) {
        JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
        ArgumentCodec codec = new ArgumentCodec(mapper);
        CallRecorder recorder = new CallRecorder();
        Map<String, BackendProperties> configured = new LinkedHashMap<>();
        if (properties.backends() == null || properties.backends().isEmpty()) {
            configured.put("default", BackendProperties.defaults());
        } else {
            configured.putAll(properties.backends());
        }
        Backends backends = new Backends();
        Map<DataSource, QueueDatabase> databases = new IdentityHashMap<>();
        for (Map.Entry<String, BackendProperties> entry : configured.entrySet()) {
            String alias = entry.getKey();
            BackendProperties backend = entry.getValue();
            String databaseName = backend.database() == null ? "dataSource" : backend.database();
            DataSource dataSource = backend.database() == null
                    ? beans.getBean(DataSource.class)
                    : beans.getBean(backend.database(), DataSource.class);
            QueueDatabase db = databases.computeIfAbsent(dataSource, ds -> {
                Dialect dialect = Dialects.detect(ds);
                if (properties.schema().migrate()) {
                    SchemaMigrator.migrate(databaseName, ds, dialect);
                } else {
                    SchemaMigrator.awaitApplied(databaseName, ds, dialect, backend.migrationWaitTimeout());
                }
                return new QueueDatabase(databaseName, ds, dialect);
            });
            BackendContext context = new BackendContext(alias, db, Clock.systemUTC(), tasks, codec,
                    new BackendContext.Settings(backend.queues(), backend.preserveFinishedJobs(),
                            backend.allowUnregisteredTasks(), backend.defaultConcurrencyDuration(), backend.listenNotify(),
                            backend.useSkipLocked()));
            Backend built = new Backend(context, recorder, backends::jqueue);
            built.recurring().configure(backend.scheduler(), backend.recurring());
            backends.add(built, backend);
        }
        return backends;
    }

    @Bean
    @Primary
    @ConditionalOnMissingBean(JQueue.class)
    JQueue jqueue(Backends backends) {
        return backends.primary();
    }

    @Bean
    @ConditionalOnProperty(prefix = "jqueue.embedded", name = "enabled", havingValue = "true")
    JQueueRuntime jqueueRuntime(JQueueProperties properties, Backends backends, ObjectProvider<JsonMapper> jsonMapper,
                                ObjectProvider<JQueueHook> hooks, ObjectProvider<JQueueErrorHandler> errorHandler) {
        JQueueProperties.Embedded embedded = properties.embedded();
        BackendProperties backend = backends.properties(embedded.backend());
        return new JQueueRuntime(backends.get(embedded.backend()),
                embedded.skipRecurring() ? Topology.withoutRecurring(backend) : backend,
                embedded.standalone(), embedded.onlyWork(), embedded.onlyDispatch(),
                jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
                new Lifecycle(hooks.orderedStream().toList(), errorHandler.getIfAvailable()),
                embedded.child(), embedded.supervisorId());
    }
}
