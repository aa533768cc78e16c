package dev.jqueue.operations;

import dev.jqueue.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.convert.DurationStyle;

/**
 * A task's automatic retry policy: whether a failed attempt is retried, and when.
 * Off unless the task declares {@code maxAttempts > 1}.
 */
final class RetrySchedule {

    private RetrySchedule() {
    }

    /** When to retry attempt {@code attempt} that failed with {@code error}, or null for "do not". */
    static Instant retryAt(Retry retry, int attempt, Throwable error, Instant now) {
        if (retry == null || retry.maxAttempts() <= attempt || error == null || !retried(retry, error)) {
            return null;
        }
        return now.plus(delay(retry, attempt, ThreadLocalRandom.current().nextDouble(-1, 1)));
    }

    /** Delay before attempt {@code attempt + 1}; {@code spread} in [-1, 1] scales the jitter. */
    static Duration delay(Retry retry, int attempt, double spread) {
        double base = parse(retry.backoff()).toMillis() * Math.pow(retry.multiplier(), Math.max(0, attempt - 1));
        double capped = Math.min(base, parse(retry.maxBackoff()).toMillis());
        double jittered = capped * (1 + Math.max(0, Math.min(1, retry.jitter())) * spread);
        return Duration.ofMillis(Math.max(0, Math.round(jittered)));
    }

    private static boolean retried(Retry retry, Throwable error) {
        if (retry.retryOn().length == 0) {
            return true;
        }
        for (Class<? extends Throwable> type : retry.retryOn()) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    private static Duration parse(String value) {
        return DurationStyle.detectAndParse(value.trim());
    }
}
