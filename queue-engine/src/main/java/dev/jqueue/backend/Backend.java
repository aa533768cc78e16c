package dev.jqueue.backend;

import dev.jqueue.BackendStats;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JQueue;
import dev.jqueue.JobOperations;
import dev.jqueue.QueueInfo;
import dev.jqueue.TaskResult;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.operations.Claim;
import dev.jqueue.operations.Completion;
import dev.jqueue.operations.ConcurrencyControl;
import dev.jqueue.operations.Dispatch;
import dev.jqueue.operations.Enqueue;
import dev.jqueue.operations.JobActions;
import dev.jqueue.operations.Promotion;
import dev.jqueue.operations.QueueHandle;
import dev.jqueue.operations.Recovery;
import dev.jqueue.operations.Results;
import dev.jqueue.operations.Stats;
import dev.jqueue.sql.QueueDatabase;
import dev.jqueue.task.CallRecorder;
import dev.jqueue.task.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One backend: the public {@link JQueue} API over the operations layer. Workers, the
 * dispatcher, the console and application code all reach the tables through these
 * operations and nothing else.
 */
public final class Backend implements JQueue {

    private final BackendContext context;
    private final Function<String, JQueue> others;
    private final CallRecorder recorder;

    public final ConcurrencyControl concurrency;
    public final Dispatch dispatch;
    public final Enqueue enqueue;
    public final Claim claim;
    public final Completion completion;
    public final Promotion promotion;
    public final Results results;
    public final JobActions jobActions;
    public final Stats stats;
    public final Recovery recovery;
    private final dev.jqueue.recurring.RecurringService recurring = new dev.jqueue.recurring.RecurringService(this);

    public Backend(BackendContext context, CallRecorder recorder, Function<String, JQueue> others) {
        this.context = context;
        this.recorder = recorder;
        this.others = others;
        this.concurrency = new ConcurrencyControl(context);
        this.dispatch = new Dispatch(context, concurrency);
        this.enqueue = new Enqueue(context, dispatch);
        this.claim = new Claim(context);
        this.completion = new Completion(context, concurrency, dispatch);
        this.promotion = new Promotion(context, dispatch);
        this.results = new Results(context);
        this.jobActions = new JobActions(context, dispatch, enqueue, results, completion);
        this.stats = new Stats(context);
        this.recovery = new Recovery(context, completion);
    }

    public BackendContext context() {
        return context;
    }

    @Override
    public String backend() {
        return context.alias;
    }

    @Override
    public JQueue backend(String alias) {
        return alias.equals(context.alias) ? this : others.apply(alias);
    }

    @Override
    public TaskResult enqueue(String taskPath, Object... args) {
        return enqueue.enqueue(EnqueueRequest.of(taskPath, args));
    }

    @Override
    public TaskResult enqueue(EnqueueOptions options, String taskPath, Object... args) {
        return enqueue.enqueue(EnqueueRequest.of(taskPath, args).with(options));
    }

    @Override
    public <T> TaskResult enqueue(Class<T> taskType, Consumer<T> call) {
        return enqueue.enqueue(call(taskType, call));
    }

    @Override
    public <T> TaskResult enqueue(Class<T> taskType, EnqueueOptions options, Consumer<T> call) {
        return enqueue.enqueue(call(taskType, call).with(options));
    }

    @Override
    public <T> EnqueueRequest call(Class<T> taskType, Consumer<T> call) {
        CallRecorder.RecordedCall recorded = recorder.record(taskType, call);
        TaskDefinition task = context.tasks.forMethod(taskType, recorded.method());
        List<Object> args = new ArrayList<>();
        Class<?>[] types = recorded.method().getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] != dev.jqueue.TaskContext.class) {
                args.add(recorded.arguments()[i]);
            }
        }
        return new EnqueueRequest(task.path(), args, EnqueueOptions.defaults());
    }

    @Override
    public List<TaskResult> enqueueAll(List<EnqueueRequest> requests) {
        return enqueue.enqueueAll(requests);
    }

    /**
     * Validates now; writes after the surrounding transaction commits (nothing on rollback), or
     * at once when no transaction synchronization is active. The after-commit write always owns
     * its transaction on a fresh connection ({@link QueueDatabase#afterCommitPhase}), whatever
     * the transaction manager: the committed transaction's connection is still bound while
     * Spring calls {@code afterCommit}, and writing there would escape any transaction.
     */
    @Override
    public void enqueueOnCommit(EnqueueRequest request) {
        // Validate now, so a bad call fails in the caller's code rather than after its commit.
        enqueue.prepare(request, context.now());
        if (!TransactionSynchronizationManager.isSynchronizationActive() || QueueDatabase.inAfterCommitPhase()) {
            // No transaction to wait for, or called from an after-commit callback: that
            // transaction has committed, and a synchronization registered now would never run.
            enqueue.enqueue(request);
            return;
        }
        QueueDatabase.registerAfterCommit(() -> enqueue.enqueue(request));
    }

    @Override
    public <T> void enqueueOnCommit(Class<T> taskType, Consumer<T> call) {
        enqueueOnCommit(call(taskType, call));
    }

    @Override
    public TaskResult getResult(UUID id) {
        return results.get(id);
    }

    @Override
    public Optional<TaskResult> findResult(UUID id) {
        return results.find(id);
    }

    @Override
    public QueueInfo queue(String name) {
        return new QueueHandle(context, name, completion);
    }

    @Override
    public List<QueueInfo> queues() {
        return stats().queues().stream().map(q -> (QueueInfo) new QueueHandle(context, q.name(), completion)).toList();
    }

    @Override
    public JobOperations jobs() {
        return jobActions;
    }

    @Override
    public BackendStats stats() {
        return stats.snapshot();
    }

    /** The counts a console or a scrape refreshes: finished capped per queue, no invalid count (see {@code Stats.observed}). */
    public BackendStats observedStats(long finishedCap) {
        return stats.observed(finishedCap);
    }

    @Override
    public dev.jqueue.recurring.RecurringService recurring() {
        return recurring;
    }

    @Override
    public String toString() {
        return "JQueue[" + context.alias + " on " + context.db.name() + " (" + context.dialect.name() + ")]";
    }

}
