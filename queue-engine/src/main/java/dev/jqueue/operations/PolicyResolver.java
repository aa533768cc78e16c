package dev.jqueue.operations;

import dev.jqueue.Concurrency;
import dev.jqueue.EnqueueError;
import dev.jqueue.state.ConcurrencyPolicy;
import dev.jqueue.task.KeyTemplate;
import dev.jqueue.task.TaskDefinition;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/**
 * Resolves a task's {@link Concurrency} declaration against one call's arguments into the
 * policy persisted on the job, with the reference's validation messages.
 */
final class PolicyResolver {

    static final int MAX_KEY_LENGTH = 255;

    private PolicyResolver() {
    }

    /** The policy for this call, or null when the task declares no key. */
    static ConcurrencyPolicy resolve(TaskDefinition task, List<Object> args, Duration defaultDuration) {
        Concurrency declared = task.concurrency();
        if (declared == null || declared.key().isEmpty()) {
            return null;
        }
        if (declared.limit() == 0) {
            throw new EnqueueError("concurrency_limit is required when concurrency_key is set");
        }
        if (declared.limit() < 0) {
            throw new EnqueueError("concurrency_limit must be a positive integer");
        }
        long seconds;
        if (declared.duration().isBlank()) {
            seconds = defaultDuration.toSeconds();
        } else {
            try {
                seconds = DurationStyle.detectAndParse(declared.duration().trim()).toSeconds();
            } catch (RuntimeException e) {
                throw new EnqueueError("concurrency_duration must be a positive integer");
            }
        }
        if (seconds < 1 || seconds > Integer.MAX_VALUE) {
            throw new EnqueueError("concurrency_duration must be a positive integer");
        }
        String onConflict = declared.onConflict() == null ? "" : declared.onConflict().trim();
        if (!onConflict.equals(ConcurrencyPolicy.BLOCK) && !onConflict.equals(ConcurrencyPolicy.DISCARD)) {
            throw new EnqueueError("on_conflict must be 'block' or 'discard'");
        }
        String key = KeyTemplate.format(declared.key(), task, args, "concurrency_key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new EnqueueError("concurrency_key must resolve to a non-empty string up to 255 chars");
        }
        return new ConcurrencyPolicy(key, declared.limit(), (int) seconds, onConflict);
    }

}
