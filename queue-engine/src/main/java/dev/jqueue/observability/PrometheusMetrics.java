package dev.jqueue.observability;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The body of {@code /jqueue/metrics}: jqueue's own Micrometer {@link PrometheusMeterRegistry},
 * holding the {@link JQueueMetricsCollector} (queue, process, recurring, semaphore and failed-job
 * gauges, read at scrape time) and the {@link JobMetrics} meters. Kept apart from the
 * application's registry so the endpoint shows jqueue's families only and works whether or not
 * the application runs Actuator.
 */
public final class PrometheusMetrics implements MetricsScrape {

    /** {@code text/plain; version=0.0.4; charset=utf-8}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public PrometheusMetrics(JQueueObservability observability) {
        PrometheusRegistry prometheus = new PrometheusRegistry();
        prometheus.register(new JQueueMetricsCollector(observability::snapshots));
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
    }

    /** The registry job meters are recorded into, besides the application's. */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    /** Prometheus text exposition format 0.0.4, from fresh snapshots. */
    @Override
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }
}
