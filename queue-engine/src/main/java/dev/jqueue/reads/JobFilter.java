package dev.jqueue.reads;

import dev.jqueue.JobState;
import java.time.Instant;
import java.util.UUID;

/**
 * What a job list shows: every field optional (null = no filter). Text filters match
 * case-insensitively as substrings, except {@code queue}, {@code concurrencyKey},
 * {@code recurringKey} and {@code uniqueKey} (the {@code @Unique} key a job holds), which match exactly.
 */
public record JobFilter(JobState state, String queue, String taskPath, String concurrencyKey, String recurringKey,
                        UUID jobId, String argumentText, String exceptionClass, Instant createdFrom, Instant createdTo,
                        boolean taskPathExact, String uniqueKey) {

    public static JobFilter none() {
        return new JobFilter(null, null, null, null, null, null, null, null, null, null, false, null);
    }

    public static JobFilter state(JobState state) {
        return none().withState(state);
    }

    public JobFilter withState(JobState value) {
        return new JobFilter(value, queue, taskPath, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact, uniqueKey);
    }

    public JobFilter withQueue(String value) {
        return new JobFilter(state, value, taskPath, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact, uniqueKey);
    }

    /**
     * Only jobs of exactly this task (a failed group): unlike the substring match, the planner can
     * then take the task's jobs from its index.
     */
    public JobFilter withExactTaskPath(String value) {
        return new JobFilter(state, queue, value, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, value != null, uniqueKey);
    }

    public JobFilter withTaskPath(String value) {
        return new JobFilter(state, queue, value, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, false, uniqueKey);
    }

    public JobFilter withConcurrencyKey(String value) {
        return new JobFilter(state, queue, taskPath, value, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact, uniqueKey);
    }

    public JobFilter withRecurringKey(String value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, value, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact, uniqueKey);
    }

    public JobFilter withJobId(UUID value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, value, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact, uniqueKey);
    }

    public JobFilter withArgumentText(String value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, jobId, value, exceptionClass,
                createdFrom, createdTo, taskPathExact, uniqueKey);
    }

    public JobFilter withExceptionClass(String value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, jobId, argumentText, value,
                createdFrom, createdTo, taskPathExact, uniqueKey);
    }

    public JobFilter withCreated(Instant from, Instant to) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                from, to, taskPathExact, uniqueKey);
    }

    /** Only the job that holds this {@code @Unique} key now. */
    public JobFilter withUniqueKey(String value) {
        return new JobFilter(state, queue, taskPath, concurrencyKey, recurringKey, jobId, argumentText, exceptionClass,
                createdFrom, createdTo, taskPathExact, value);
    }
}
