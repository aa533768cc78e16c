package dev.jqueue.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One dispatcher ({@code jqueue.backends.<alias>.dispatchers[i].*}).
 *
 * @param batchSize scheduled jobs promoted per transaction
 * @param pollingInterval sleep between polls when nothing was due
 */
public record DispatcherProperties(
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration pollingInterval) {

    public DispatcherProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch-size must be a positive integer (got " + batchSize + ")");
        }
        BackendProperties.requirePositive(pollingInterval, "polling-interval", false);
    }

    public static DispatcherProperties defaults() {
        return new DispatcherProperties(500, Duration.ofSeconds(1));
    }
}
