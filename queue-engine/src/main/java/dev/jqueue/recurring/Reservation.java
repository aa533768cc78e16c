package dev.jqueue.recurring;

import java.time.Instant;
import java.util.UUID;

/**
 * A reserved tick of a recurring task ({@code jqueue_recurring_executions} row without a job
 * yet), with the task definition as it was when the tick was reserved.
 *
 * @param executionId the reservation row id
 * @param intendedJobId the id the published job gets
 * @param taskKey the recurring task's key
 * @param runAt the tick
 * @param taskPath the task to enqueue
 * @param payload the stored payload ({@code {"args": [...]}})
 * @param queue the job's queue
 * @param priority the job's priority
 */
public record Reservation(long executionId, UUID intendedJobId, String taskKey, Instant runAt, String taskPath,
                          String payload, String queue, int priority) {
}
