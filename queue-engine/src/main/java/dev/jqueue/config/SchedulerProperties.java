package dev.jqueue.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The recurring-task scheduler of a backend ({@code jqueue.backends.<alias>.scheduler.*}).
 *
 * @param dynamicTasksEnabled fire recurring tasks created at runtime through the API or console
 * @param pollingInterval how often the scheduler looks for due recurring tasks
 */
public record SchedulerProperties(
        @DefaultValue("false") boolean dynamicTasksEnabled,
        @DefaultValue("5s") Duration pollingInterval) {

    public SchedulerProperties {
        BackendProperties.requirePositive(pollingInterval, "scheduler.polling-interval", false);
    }

    public static SchedulerProperties defaults() {
        return new SchedulerProperties(false, Duration.ofSeconds(5));
    }
}
