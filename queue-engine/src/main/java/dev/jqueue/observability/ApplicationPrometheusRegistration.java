package dev.jqueue.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Puts jqueue's scrape-time gauge families ({@link JQueueMetricsCollector}) into the
 * application's own Prometheus registries, so that Actuator's {@code /actuator/prometheus}
 * shows the {@code jqueue_*} gauges beside the application's meters. Spring Boot builds its
 * {@link PrometheusMeterRegistry} on a {@link PrometheusRegistry} bean, and the scrape endpoint
 * reads that registry; a collector registered there is read at every scrape, like on
 * {@code /jqueue/metrics}. The job meters need nothing of this: they are Micrometer meters and
 * go to the application's {@code MeterRegistry} directly. Removed when the context closes.
 */
public final class ApplicationPrometheusRegistration implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ApplicationPrometheusRegistration.class);

    private final List<PrometheusRegistry> registries = new ArrayList<>();
    private final JQueueMetricsCollector collector;

    public ApplicationPrometheusRegistration(JQueueObservability observability, List<PrometheusMeterRegistry> meterRegistries) {
        this.collector = new JQueueMetricsCollector(observability::snapshots);
        Set<PrometheusRegistry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PrometheusMeterRegistry meterRegistry : meterRegistries) {
            PrometheusRegistry registry = meterRegistry.getPrometheusRegistry();
            if (!seen.add(registry)) {
                continue;
            }
            try {
                registry.register(collector);
                registries.add(registry);
            } catch (RuntimeException e) {
                // the families are there already (another collector with these names): leave that one
                log.warn("jqueue gauges not added to the application's Prometheus registry: {}", e.toString());
            }
        }
    }

    /** The application registries the gauges were added to. */
    public List<PrometheusRegistry> registries() {
        return List.copyOf(registries);
    }

    @Override
    public void destroy() {
        for (PrometheusRegistry registry : registries) {
            registry.unregister(collector);
        }
        registries.clear();
    }
}
