package dev.jqueue.config;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A static recurring task ({@code jqueue.backends.<alias>.recurring.<key>.*}).
 *
 * @param taskPath the task to enqueue (a {@code @JQueueTask} path)
 * @param schedule cron expression (5 fields, or 6 with leading seconds), a preset such as
 *                 {@code @daily}, optionally followed by an IANA time zone
 * @param args JSON-able arguments of each enqueued job
 * @param queue queue of each enqueued job
 * @param priority priority of each enqueued job (-100..100)
 * @param description free text shown in the console
 */
public record RecurringTaskProperties(
        String taskPath,
        String schedule,
        List<Object> args,
        @DefaultValue("default") String queue,
        @DefaultValue("0") int priority,
        @DefaultValue("") String description) {

    public RecurringTaskProperties {
        args = args == null ? List.of() : List.copyOf(args);
    }
}
