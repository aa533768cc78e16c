package dev.jqueue.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A static recurring task ({@code jqueue.backends.<alias>.recurring.<key>.*}).
 *
 * @param taskPath the task to enqueue (a {@code @JQueueTask} path)
 * @param schedule cron expression (5 fields, or 6 with leading seconds), a preset such as
 *                 {@code @daily}, optionally followed by an IANA time zone
 * @param args JSON-able arguments of each enqueued job
 * @param queue queue of each enqueued job (default {@code default})
 * @param priority priority of each enqueued job (-100..100)
 * @param description free text shown in the console
 * @param queueName dj_queue's spelling of {@code queue}; either may be given, not two different queues
 * @param kwargs arguments by the task method's parameter names, after the positional {@code args}
 */
public record RecurringTaskProperties(
        String taskPath,
        String schedule,
        List<Object> args,
        String queue,
        @DefaultValue("0") int priority,
        @DefaultValue("") String description,
        String queueName,
        Map<String, Object> kwargs) {

    @ConstructorBinding // the short constructor below would otherwise leave Spring without a binding constructor
    public RecurringTaskProperties {
        args = args == null ? List.of() : List.copyOf(args);
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        if (queue != null && queueName != null && !queue.equals(queueName)) {
            throw new IllegalArgumentException("queue and queue-name name two different queues ('" + queue + "', '"
                    + queueName + "'); give one of them");
        }
        queue = queue != null ? queue : queueName != null ? queueName : "default";
    }

    public RecurringTaskProperties(String taskPath, String schedule, List<Object> args, String queue, int priority,
                                   String description) {
        this(taskPath, schedule, args, queue, priority, description, null, null);
    }
}
