package dev.jqueue.reads;

import dev.jqueue.JobState;
import java.time.Instant;
import java.util.UUID;

/** One row of a job list: the job and what its current state adds (claim, block, failure). */
public record JobRow(UUID id, String taskPath, String queueName, int priority, JobState state, Instant createdAt,
                     Instant scheduledAt, Instant claimedAt, String processName, Instant finishedAt, Instant failedAt,
                     String exceptionClass, String message, String concurrencyKey, Instant blockedUntil, int attempts,
                     String returnValueJson) {
}
