package dev.jqueue.operations;

import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.EnqueueError;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.observability.JobEvents;
import dev.jqueue.state.ConcurrencyPolicy;
import dev.jqueue.state.Job;
import dev.jqueue.unique.UniquePolicy;
import dev.jqueue.unique.UniqueKeyStore;
import dev.jqueue.unique.Deduplication;
import dev.jqueue.task.TaskDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates enqueue calls and writes new jobs. Validation order follows the reference: queue
 * allow-list, priority range, then the JSON payload. Nothing is written unless every call of
 * the request validates.
 */
public final class Enqueue {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    static final int MAX_QUEUE_NAME = 64;

    private final BackendContext backend;
    private final Dispatch dispatch;

    public Enqueue(BackendContext backend, Dispatch dispatch) {
        this.backend = backend;
        this.dispatch = dispatch;
    }

    /** Validates one call and builds the job row it would write (nothing is written). */
    public Job prepare(EnqueueRequest request, Instant now) {
        return prepare(request, UuidV7.next(), now);
    }

    /**
     * Like {@link #prepare(EnqueueRequest, Instant)} with a given job id: recurring tasks publish
     * each tick under a deterministic id.
     */
    public Job prepare(EnqueueRequest request, UUID id, Instant now) {
        if (request.taskPath() == null || request.taskPath().isBlank()) {
            throw new EnqueueError("task path must be a non-empty string");
        }
        Optional<TaskDefinition> task = backend.tasks.find(request.taskPath());
        if (task.isEmpty() && !backend.settings.allowUnregisteredTasks()) {
            throw new EnqueueError("task '" + request.taskPath() + "' is not registered in this application; declare it "
                    + "with @JQueueTask or set jqueue.backends." + backend.alias + ".allow-unregistered-tasks=true "
                    + "to enqueue for workers elsewhere");
        }
        EnqueueOptions options = request.options();
        String queue = options.queue() != null ? options.queue() : task.map(TaskDefinition::defaultQueue).orElse("default");
        validateQueue(backend, queue);
        int priority = options.priority() != null ? options.priority() : task.map(TaskDefinition::defaultPriority).orElse(0);
        validatePriority(priority);
        String payload = task.isPresent()
                ? backend.codec.encode(task.get(), request.args())
                : backend.codec.encodeUntyped(request.taskPath(), request.args());
        ConcurrencyPolicy policy = task.isPresent()
                ? PolicyResolver.resolve(task.get(), request.args(), backend.settings.defaultConcurrencyDuration())
                : null;
        Instant due = options.dueAt(now);
        return new Job(id, request.taskPath(), queue, priority, payload, backend.alias,
                due == null ? null : due.truncatedTo(java.time.temporal.ChronoUnit.MICROS), 0, now, policy);
    }

    static void validateQueue(BackendContext backend, String queue) {
        validateQueueName(queue);
        if (!backend.settings.queueAllowed(queue)) {
            throw new EnqueueError("queue '" + queue + "' is not allowed for backend '" + backend.alias + "'");
        }
    }

    /** The shape of a queue name, without the backend's allow-list (which governs enqueues only). */
    static void validateQueueName(String queue) {
        if (queue == null || queue.isBlank() || queue.length() > MAX_QUEUE_NAME) {
            throw new EnqueueError("queue name must be a non-empty string of at most " + MAX_QUEUE_NAME + " characters");
        }
    }

    static void validatePriority(int priority) {
        if (priority < -100 || priority > 100) {
            throw new EnqueueError("priority must be an integer from -100 to 100");
        }
    }

    public TaskResult enqueue(EnqueueRequest request) {
        Instant now = backend.now();
        Job job = prepare(request, now);
        UniquePolicy unique = uniqueOf(request);
        if (unique != null) {
            return enqueueUnique(List.of(job), java.util.Collections.singletonList(unique), now).getFirst();
        }
        Dispatch.Outcome outcome = write(List.of(job), now);
        JobEvents.enqueued(backend, job.taskPath(), job.queueName(), 1);
        log.atDebug().addKeyValue("event", "job.enqueued").addKeyValue("backend", backend.alias)
                .addKeyValue("job_id", job.id()).addKeyValue("task_path", job.taskPath())
                .addKeyValue("queue", job.queueName()).log("job.enqueued");
        return resultOf(job, now, outcome);
    }

    /** Validates every call first; then one transaction with a constant number of statements. */
    public List<TaskResult> enqueueAll(List<EnqueueRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        Instant now = backend.now();
        List<Job> jobs = new ArrayList<>(requests.size());
        List<UniquePolicy> unique = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                jobs.add(prepare(requests.get(i), now));
                unique.add(uniqueOf(requests.get(i)));
            } catch (EnqueueError e) {
                throw new EnqueueError("call " + (i + 1) + " of " + requests.size() + ": " + e.getMessage(), e);
            }
        }
        if (unique.stream().anyMatch(java.util.Objects::nonNull)) {
            return enqueueUnique(jobs, unique, now);
        }
        Dispatch.Outcome outcome = write(jobs, now);
        java.util.Map<java.util.List<String>, Integer> byTaskAndQueue = new java.util.LinkedHashMap<>();
        for (Job job : jobs) {
            byTaskAndQueue.merge(java.util.List.of(job.taskPath(), job.queueName()), 1, Integer::sum);
        }
        byTaskAndQueue.forEach((key, count) -> JobEvents.enqueued(backend, key.get(0), key.get(1), count));
        log.atInfo().addKeyValue("event", "jobs.enqueued").addKeyValue("backend", backend.alias)
                .addKeyValue("job_count", jobs.size()).addKeyValue("ready_count", outcome.ready())
                .addKeyValue("scheduled_count", outcome.scheduled()).addKeyValue("blocked_count", outcome.blocked())
                .addKeyValue("discarded_count", outcome.discarded()).log("jobs.enqueued");
        List<TaskResult> results = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            results.add(resultOf(job, now, outcome));
        }
        return results;
    }

    /** The call's {@code @Unique} policy, or null (also for tasks this application does not declare). */
    private UniquePolicy uniqueOf(EnqueueRequest request) {
        return backend.tasks.find(request.taskPath()).map(task -> UniquePolicy.resolve(task, request.args())).orElse(null);
    }

    /**
     * Enqueues validated jobs of which some are unique ({@code policies.get(i)} not null): in one
     * transaction each unique job takes its key or is answered by the job holding it; the others
     * are written as usual. A deduplicated call's result is the holder's, marked so.
     */
    private List<TaskResult> enqueueUnique(List<Job> jobs, List<UniquePolicy> policies, Instant now) {
        Map<UUID, UUID> holders = new HashMap<>();
        List<Job> written = new ArrayList<>();
        Dispatch.Outcome outcome = backend.db.inTransaction(connection -> {
            holders.clear();
            written.clear();
            Deduplication deduplication = new Deduplication(new UniqueKeyStore(backend.dialect, backend.alias));
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                Optional<UUID> holder = policies.get(i) == null ? Optional.empty()
                        : deduplication.admit(connection, policies.get(i), job.id(), now);
                if (holder.isPresent()) {
                    holders.put(job.id(), holder.get());
                } else {
                    written.add(job);
                }
            }
            return written.isEmpty() ? Dispatch.Outcome.of(0, 0) : writeIn(connection, written, now);
        });
        for (Job job : written) {
            JobEvents.enqueued(backend, job.taskPath(), job.queueName(), 1);
        }
        if (!holders.isEmpty()) {
            log.atInfo().addKeyValue("event", "jobs.deduplicated").addKeyValue("backend", backend.alias)
                    .addKeyValue("count", holders.size()).log("jobs.deduplicated");
        }
        Results results = new Results(backend);
        List<TaskResult> answers = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            UUID holder = holders.get(job.id());
            answers.add(holder == null ? resultOf(job, now, outcome) : results.get(holder).asDeduplicated());
        }
        return answers;
    }

    /** Writes already-validated jobs (also used for copies of stored jobs). */
    public Dispatch.Outcome write(List<Job> jobs, Instant now) {
        if (jobs.size() == 1 && jobs.getFirst().concurrency() == null && backend.dialect.supportsSingleStatementLockAndFetch()) {
            Job job = jobs.getFirst();
            return backend.db.inStatement(connection -> insertInOneStatement(connection, job, now));
        }
        return backend.db.inTransaction(connection -> writeIn(connection, jobs, now));
    }

    /** Writes validated jobs inside the caller's transaction (for operations that enqueue as one step of several). */
    public Dispatch.Outcome writeIn(Connection connection, List<Job> jobs, Instant now) throws SQLException {
        backend.jobs.insert(connection, jobs, now);
        return dispatch.dispatch(connection, jobs, now);
    }

    /** PostgreSQL: the job and its execution row in one atomic statement (one round trip). */
    private Dispatch.Outcome insertInOneStatement(Connection connection, Job job, Instant now) throws SQLException {
        boolean ready = job.dueAt(now);
        boolean wake = ready && backend.notifyEnabled();
        String execution = ready
                ? "INSERT INTO " + READY + " (job_id, backend_alias, queue_name, priority, created_at, latency_started_at) "
                + "SELECT id, backend_alias, queue_name, priority, ?, ? FROM job" + (wake ? " CROSS JOIN wake" : "")
                : "INSERT INTO " + SCHEDULED + " (job_id, backend_alias, queue_name, priority, scheduled_at, created_at) "
                + "SELECT id, backend_alias, queue_name, priority, ?, ? FROM job";
        String sql = "WITH job AS (INSERT INTO " + JOBS + " (id, task_path, queue_name, priority, payload, backend_alias, "
                + "scheduled_at, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?) "
                + "RETURNING id, backend_alias, queue_name, priority) "
                + (wake ? ", wake AS (SELECT pg_notify('" + Dispatch.CHANNEL + "', ?) AS sent) " : "") + execution;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            backend.dialect.setUuid(ps, 1, job.id());
            ps.setString(2, job.taskPath());
            ps.setString(3, job.queueName());
            ps.setInt(4, job.priority());
            ps.setString(5, job.payload());
            ps.setString(6, backend.alias);
            backend.dialect.setInstant(ps, 7, job.scheduledAt());
            ps.setInt(8, job.attempts());
            backend.dialect.setInstant(ps, 9, now);
            backend.dialect.setInstant(ps, 10, now);
            int index = 11;
            if (wake) {
                ps.setString(index++, Dispatch.payload(backend, List.of(job.queueName())));
            }
            backend.dialect.setInstant(ps, index++, ready ? now : job.scheduledAt());
            backend.dialect.setInstant(ps, index, now);
            ps.executeUpdate();
        }
        return ready ? Dispatch.Outcome.of(1, 0) : Dispatch.Outcome.of(0, 1);
    }

    /** A job discarded on a concurrency conflict: finished, no return value, reads as SUCCESSFUL. */
    TaskResult discardedResult(Job job, Instant now) {
        return new TaskResult(job.id(), backend.alias, job.taskPath(), job.queueName(), job.priority(), JobState.FINISHED,
                null, List.of(), now, job.scheduledAt(), null, now, List.of(), 0, json -> null);
    }

    /** The result of a job just written, built without reading it back. */
    TaskResult resultOf(Job job, Instant now, Dispatch.Outcome outcome) {
        if (outcome.discardedIds().contains(job.id())) {
            return discardedResult(job, now);
        }
        JobState state = outcome.blockedIds().contains(job.id()) ? JobState.BLOCKED
                : job.dueAt(now) ? JobState.READY : JobState.SCHEDULED;
        TaskDefinition task = backend.tasks.find(job.taskPath()).orElse(null);
        return new TaskResult(job.id(), backend.alias, job.taskPath(), job.queueName(), job.priority(), state, null,
                List.of(), now, job.scheduledAt(), null, null, List.of(), 0,
                json -> backend.codec.decodeResult(task, json));
    }

    /** A fresh copy of a stored job: same task, arguments, queue and priority, new id; at its run time, or now. */
    public TaskResult enqueueCopy(Job source, boolean keepRunTime) {
        Instant now = backend.now();
        Job copy = new Job(UuidV7.next(), source.taskPath(), source.queueName(), source.priority(), source.payload(),
                backend.alias, keepRunTime ? source.scheduledAt() : null, 0, now, source.concurrency());
        return resultOf(copy, now, write(List.of(copy), now));
    }
}
