package dev.jqueue.observability;

import dev.jqueue.backend.Backends;
import dev.jqueue.config.JQueueAutoConfiguration;
import dev.jqueue.config.JQueueProperties;
import dev.jqueue.runtime.JQueueRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Observability beans, each switched on by what the application has on its classpath:
 * snapshots always; {@code /jqueue/stats.json} and {@code /jqueue/metrics} in a servlet web
 * application with Spring MVC; the Prometheus text with {@code micrometer-registry-prometheus};
 * job meters with {@code micrometer-core}; the {@code jqueue} health contributor with Spring
 * Boot's health module (Actuator); the connection budget check where a supervisor starts; the
 * {@code jqueue_*} gauges in the application's own Prometheus registry (Actuator's
 * {@code /actuator/prometheus}) when it has one.
 */
@AutoConfiguration(after = JQueueAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnBean(Backends.class)
public class JQueueObservabilityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JQueueObservability jqueueObservability(Backends backends, ObjectProvider<JsonMapper> jsonMapper) {
        return new JQueueObservability(backends, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    /** The connection budget check, where this application starts a supervisor. */
    @Bean
    @ConditionalOnBean(JQueueRuntime.class)
    @ConditionalOnMissingBean
    ConnectionBudgetCheck jqueueConnectionBudgetCheck(Backends backends, JQueueProperties properties) {
        return new ConnectionBudgetCheck(backends, properties);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry")
    static class PrometheusText {

        @Bean
        @ConditionalOnMissingBean
        PrometheusMetrics jqueuePrometheusMetrics(JQueueObservability observability) {
            return new PrometheusMetrics(observability);
        }

        @Bean
        JobEventsRegistration jqueuePrometheusJobMetrics(Backends backends, PrometheusMetrics metrics) {
            return new JobEventsRegistration(backends, new JobMetrics(List.of(metrics.meterRegistry())));
        }

        /**
         * The {@code jqueue_*} gauges in the application's own Prometheus registries too (Actuator's
         * {@code /actuator/prometheus}), when it has any; off with {@code management.metrics.jqueue.enabled=false}.
         */
        @Bean
        @ConditionalOnBean(type = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry")
        @ConditionalOnProperty(name = "management.metrics.jqueue.enabled", matchIfMissing = true)
        ApplicationPrometheusRegistration jqueueApplicationPrometheus(JQueueObservability observability,
                                                                      ObjectProvider<PrometheusMeterRegistry> registries) {
            return new ApplicationPrometheusRegistration(observability, registries.orderedStream().toList());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {

        /** Job meters in the application's own registry (Actuator's), when it has exactly one (or a primary one). */
        @Bean
        JobEventsRegistration jqueueJobMetrics(Backends backends, ObjectProvider<MeterRegistry> registries) {
            MeterRegistry registry = registries.getIfUnique();
            return new JobEventsRegistration(backends,
                    new JobMetrics(registry == null ? List.of() : List.of(registry)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Web {

        @Bean
        @ConditionalOnMissingBean
        ObservabilityController jqueueObservabilityController(JQueueObservability observability,
                                                              JQueueProperties properties,
                                                              ObjectProvider<MetricsScrape> metrics) {
            return new ObservabilityController(observability, new BearerToken(properties.observability().token()), metrics);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.jqueue.enabled", matchIfMissing = true)
    static class HealthContributor {

        @Bean
        @ConditionalOnMissingBean(name = "jqueueHealthIndicator")
        JQueueHealthIndicator jqueueHealthIndicator(Backends backends, JQueueProperties properties) {
            JQueueProperties.Embedded embedded = properties.embedded();
            return new JQueueHealthIndicator(backends, embedded.enabled() ? embedded.backend() : null);
        }
    }
}
