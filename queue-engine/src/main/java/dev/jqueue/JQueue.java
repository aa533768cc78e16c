package dev.jqueue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The entry point of one backend (a logical queue system whose tables live on one DataSource).
 * The bean of this type is the {@code default} backend; {@link #backend(String)} reaches others.
 *
 * <p>Every enqueue writes immediately (or joins the caller's transaction on the same DataSource)
 * and returns a result handle whose id is the persisted job id.
 */
public interface JQueue {

    /** This backend's alias. */
    String backend();

    /** Another configured backend. */
    JQueue backend(String alias);

    /** Enqueues a task by its path with JSON-able arguments. */
    TaskResult enqueue(String taskPath, Object... args);

    TaskResult enqueue(EnqueueOptions options, String taskPath, Object... args);

    /** Type-safe enqueue: {@code jqueue.enqueue(Mailer.class, m -> m.deliver("welcome", 42L))}. */
    <T> TaskResult enqueue(Class<T> taskType, Consumer<T> call);

    <T> TaskResult enqueue(Class<T> taskType, EnqueueOptions options, Consumer<T> call);

    /** Records a type-safe call without enqueueing it, for {@link #enqueueAll} or {@link #enqueueOnCommit}. */
    <T> EnqueueRequest call(Class<T> taskType, Consumer<T> call);

    /**
     * Enqueues many calls atomically with a constant number of statements. If any call fails
     * validation, nothing is written. Results come back in submission order.
     */
    List<TaskResult> enqueueAll(List<EnqueueRequest> requests);

    /**
     * Enqueues after the surrounding Spring transaction commits; nothing is written if it rolls
     * back. Without an active transaction the job is enqueued at once. Validation runs now. The
     * write after the commit runs in a transaction of its own on a fresh connection, whatever the
     * transaction manager; an error there reaches the code that committed (its data is already
     * committed, the job is not).
     */
    void enqueueOnCommit(EnqueueRequest request);

    <T> void enqueueOnCommit(Class<T> taskType, Consumer<T> call);

    /** The job's current result; throws {@link NoSuchJobException} if this backend has no such job. */
    TaskResult getResult(UUID id);

    Optional<TaskResult> findResult(UUID id);

    /** A handle on one queue of this backend. */
    QueueInfo queue(String name);

    /** Every queue that has jobs, a pause, or a recurring task. */
    List<QueueInfo> queues();

    /** Retry, discard, run-now and copy operations on stored jobs. */
    JobOperations jobs();

    /** Read model: per-queue counts and latency for dashboards. */
    BackendStats stats();

    /** Static and dynamic recurring tasks of this backend. */
    RecurringTasks recurring();
}
