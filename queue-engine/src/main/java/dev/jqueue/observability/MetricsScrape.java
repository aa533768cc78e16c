package dev.jqueue.observability;

/** Renders the body of {@code /jqueue/metrics} (present when Micrometer's Prometheus registry is on the classpath). */
public interface MetricsScrape {

    String contentType();

    String scrape();
}
