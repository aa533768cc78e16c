package dev.jqueue.state;

import java.time.Duration;

/**
 * A job's persisted concurrency policy: its resolved key, the limit, how long a slot is held,
 * and what to do on conflict. Stored on the job at enqueue so that later code changes do not
 * alter queued jobs.
 */
public record ConcurrencyPolicy(String key, int limit, int durationSeconds, String onConflict) {

    public static final String BLOCK = "block";
    public static final String DISCARD = "discard";

    public Duration duration() {
        return Duration.ofSeconds(durationSeconds);
    }

    public boolean discardOnConflict() {
        return DISCARD.equals(onConflict);
    }
}
