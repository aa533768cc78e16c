package dev.jqueue.reads;

import dev.jqueue.JobState;
import java.time.Instant;
import java.util.UUID;

/**
 * What a job list shows: every field optional (null = no filter). Text filters match
 * case-insensitively as substrings, except {@code queue}, {@code concurrencyKey} and
 * {@code recurringKey}, which match exactly.
 */
public record JobFilter(JobState state, String queue, String taskPath, String concurrencyKey, String recurringKey,
                        UUID jobId, String argumentText, String exceptionClass, Instant createdFrom, Instant createdTo,
                        boolean taskPathExact) {

    public static JobFilter none() {
        return new JobFilter(null, null, null, null, null, null, null, null, null, null, false);
    }

    public static JobFilter state(JobState state) {
        return none().withState(state);
    }

    public JobFilter withState(JobState value) {
        return new JobFilter(value, queue, taskPath, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact);
    }

    public JobFilter withQueue(String value) {
        return new JobFilter(state, value, taskPath, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact);
    }

    /**
     * Only jobs of exactly this task (a failed group): unlike the substring match, the planner can
     * then take the task's jobs from its index.
     */
    public JobFilter withExactTaskPath(String value) {
        return new JobFilter(state, queue, value, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, value != null);
    }

    public JobFilter withTaskPath(String value) {
        return new JobFilter(state, queue, value, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, false);
    }

    public JobFilter withConcurrencyKey(String value) {
        return new JobFilter(state, queue, taskPath, value, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact);
    }

    public JobFilter withRecurringKey(String value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, value, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact);
    }

    public JobFilter withJobId(UUID value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, value, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact);
    }

    public JobFilter withArgumentText(String value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, jobId, value, exceptionClass,
                createdFrom, createdTo, taskPathExact);
    }

    public JobFilter withExceptionClass(String value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, jobId, argumentText, value,
                createdFrom, createdTo, taskPathExact);
    }

    public JobFilter withCreated(Instant from, Instant to) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                from, to, taskPathExact);
    }
}
