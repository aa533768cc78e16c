package dev.jqueue.unique;

import dev.jqueue.EnqueueError;
import dev.jqueue.Unique;
import dev.jqueue.UniqueScope;
import dev.jqueue.task.KeyTemplate;
import dev.jqueue.task.TaskDefinition;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/**
 * A task's {@link Unique} declaration resolved against one call's arguments: the key this job
 * would hold, how long it holds it, and for at most how long.
 *
 * @param period null when only the scope limits it
 */
public record UniquePolicy(String key, UniqueScope scope, Duration period) {

    static final int MAX_KEY_LENGTH = 255;

    /** The policy for this call, or null when the task is not unique. */
    public static UniquePolicy resolve(TaskDefinition task, List<Object> args) {
        Unique declared = task.unique();
        if (declared == null || declared.key().isEmpty()) {
            return null;
        }
        Duration period = null;
        if (!declared.period().isBlank()) {
            try {
                period = DurationStyle.detectAndParse(declared.period().trim());
            } catch (RuntimeException e) {
                throw new EnqueueError("unique period must be a positive duration such as 10m (got '" + declared.period() + "')");
            }
            if (period.isNegative() || period.isZero()) {
                throw new EnqueueError("unique period must be a positive duration such as 10m (got '" + declared.period() + "')");
            }
        }
        String key = KeyTemplate.format(declared.key(), task, args, "unique_key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new EnqueueError("unique_key must resolve to a non-empty string up to " + MAX_KEY_LENGTH + " chars");
        }
        return new UniquePolicy(key, declared.scope(), period);
    }
}
