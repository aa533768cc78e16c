package dev.jqueue.reads;

import dev.jqueue.TaskResult;
import java.time.Instant;

/**
 * Everything the job page shows: the result (state, return value, error, times, worker) plus
 * the stored arguments, the concurrency policy, the blocking expiry, a scheduled retry and the
 * recurring task that produced the job, and the unique key it holds ({@code @Unique}; null when none).
 */
public record JobDetail(TaskResult result, String argumentsJson, String concurrencyKey, Integer concurrencyLimit,
                        Integer concurrencyDurationSeconds, String onConflict, Instant blockedUntil, Instant retryAt,
                        String recurringKey, Instant recurringRunAt, String uniqueKey) {
}
