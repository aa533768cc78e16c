package dev.jqueue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A persisted job as seen through the result API. Built from one read of the job's rows;
 * call {@link JQueue#getResult(UUID)} again for a fresh view.
 */
public record TaskResult(
        UUID id,
        String backend,
        String taskPath,
        String queueName,
        int priority,
        JobState state,
        String returnValueJson,
        List<TaskError> errors,
        Instant enqueuedAt,
        Instant scheduledAt,
        Instant startedAt,
        Instant finishedAt,
        List<String> workerNames,
        int attempts,
        Function<String, Object> returnValueDecoder,
        boolean deduplicated) {

    /** A result read from the database (never a deduplicated enqueue's answer). */
    public TaskResult(UUID id, String backend, String taskPath, String queueName, int priority, JobState state,
                      String returnValueJson, List<TaskError> errors, Instant enqueuedAt, Instant scheduledAt,
                      Instant startedAt, Instant finishedAt, List<String> workerNames, int attempts,
                      Function<String, Object> returnValueDecoder) {
        this(id, backend, taskPath, queueName, priority, state, returnValueJson, errors, enqueuedAt, scheduledAt, startedAt,
                finishedAt, workerNames, attempts, returnValueDecoder, false);
    }

    /**
     * This result as the answer to an enqueue that created nothing, because this job holds the
     * unique key the call resolved to ({@code @Unique}).
     */
    public TaskResult asDeduplicated() {
        return new TaskResult(id, backend, taskPath, queueName, priority, state, returnValueJson, errors, enqueuedAt,
                scheduledAt, startedAt, finishedAt, workerNames, attempts, returnValueDecoder, true);
    }

    public TaskStatus status() {
        return state.status();
    }

    /** The return value decoded into the task method's return type, or null. */
    public Object returnValue() {
        if (returnValueJson == null || returnValueDecoder == null) {
            return null;
        }
        return returnValueDecoder.apply(returnValueJson);
    }

    /** The return value converted to {@code type}. */
    public <T> T returnValue(Class<T> type) {
        return type.cast(returnValue());
    }

    public Optional<TaskError> lastError() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.getLast());
    }

    @Override
    public String toString() {
        return "TaskResult[id=" + id + ", task=" + taskPath + ", queue=" + queueName + ", state=" + state + "]";
    }
}
