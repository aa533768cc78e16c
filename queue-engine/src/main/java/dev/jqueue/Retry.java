package dev.jqueue;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Automatic retries for a task, used inside {@link JQueueTask#retry()}. Off by default
 * ({@code maxAttempts = 1}), so a failure stays failed until an operator or the API retries it,
 * as in dj_queue. When on, a failed attempt is recorded as a failed job with a {@code retry_at};
 * the dispatcher retries it when that time comes. Delay before attempt n+1 is
 * {@code backoff × multiplier^(n-1)}, capped at {@code maxBackoff}, spread by ±{@code jitter}.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Retry {

    /** Total attempts including the first; 1 means no automatic retry. */
    int maxAttempts() default 1;

    /** Delay before the second attempt (Spring duration syntax). */
    String backoff() default "1s";

    /** Growth of the delay per attempt. */
    double multiplier() default 2.0;

    /** Upper bound of the delay. */
    String maxBackoff() default "1h";

    /** Random spread of each delay, as a fraction (0.2 = ±20%). */
    double jitter() default 0.2;

    /** Exception types that are retried (subclasses too); empty means every exception. */
    Class<? extends Throwable>[] retryOn() default {};
}
