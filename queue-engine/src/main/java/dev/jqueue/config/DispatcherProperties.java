package dev.jqueue.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One dispatcher ({@code jqueue.backends.<alias>.dispatchers[i].*}).
 *
 * @param batchSize scheduled jobs promoted per transaction
 * @param pollingInterval sleep between polls when nothing was due
 * @param concurrencyMaintenance remove expired semaphores and retry expired blocked jobs
 * @param concurrencyMaintenanceInterval how often that maintenance runs (0 = every poll)
 */
public record DispatcherProperties(
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration pollingInterval,
        @DefaultValue("true") boolean concurrencyMaintenance,
        @DefaultValue("600s") Duration concurrencyMaintenanceInterval) {

    @ConstructorBinding // the short constructor below would otherwise leave Spring without a binding constructor
    public DispatcherProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch-size must be a positive integer (got " + batchSize + ")");
        }
        BackendProperties.requirePositive(pollingInterval, "polling-interval", false);
        BackendProperties.requirePositive(concurrencyMaintenanceInterval, "concurrency-maintenance-interval", true);
    }

    public DispatcherProperties(int batchSize, Duration pollingInterval) {
        this(batchSize, pollingInterval, true, Duration.ofSeconds(600));
    }

    public static DispatcherProperties defaults() {
        return new DispatcherProperties(500, Duration.ofSeconds(1), true, Duration.ofSeconds(600));
    }
}
