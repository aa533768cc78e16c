package dev.jqueue.config;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jqueue.*}: one entry per backend under {@code jqueue.backends.<alias>}; with none
 * configured there is one implicit {@code default} backend with every default.
 *
 * @param backends backend aliases and their options
 * @param embedded run an async supervisor inside this application (opt-in)
 * @param schema the engine's own Flyway migrations
 * @param observability the {@code /jqueue/stats.json} and {@code /jqueue/metrics} endpoints
 */
@ConfigurationProperties("jqueue")
public record JQueueProperties(
        Map<String, BackendProperties> backends,
        @DefaultValue Embedded embedded,
        @DefaultValue Schema schema,
        @DefaultValue Observability observability) {

    /**
     * @param enabled start a supervisor (workers and dispatchers as threads) with the Spring context
     * @param backend which backend the embedded supervisor runs
     * @param standalone set by {@code java -jar app.jar jqueue}: a worker process without web server
     * @param onlyWork run workers only (no dispatchers)
     * @param onlyDispatch run dispatchers only (no workers)
     * @param child set by a fork-mode supervisor on the child JVMs it starts: the runner this JVM runs
     * @param supervisorId set with {@code child}: the process row id of the supervisor that started it
     * @param skipRecurring start no recurring-task scheduler ({@code --skip-recurring}, {@code JQUEUE_SKIP_RECURRING})
     */
    public record Embedded(@DefaultValue("false") boolean enabled, @DefaultValue("default") String backend,
                           @DefaultValue("false") boolean standalone, @DefaultValue("false") boolean onlyWork,
                           @DefaultValue("false") boolean onlyDispatch, @DefaultValue("false") boolean skipRecurring,
                           String child, Long supervisorId) {
    }

    /**
     * @param migrate apply the engine's migrations to each queue database on start-up
     */
    public record Schema(@DefaultValue("true") boolean migrate) {
    }

    /**
     * @param token when set, {@code /jqueue/stats.json} and {@code /jqueue/metrics} require
     *              {@code Authorization: Bearer <token>}; unset, they are open
     */
    public record Observability(String token) {
    }
}
