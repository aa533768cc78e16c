package dev.jqueue.recurring;

import dev.jqueue.EnqueueError;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.operations.UuidV7;
import dev.jqueue.state.Job;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ticks of recurring tasks into jobs, exactly once per (backend, key, tick) however many
 * schedulers run.
 *
 * <p>A tick is fired in two transactions. <b>Reserve</b> locks the task row ({@code SKIP LOCKED}
 * where supported), checks that the tick is a genuine tick of the current schedule, inserts the
 * reservation {@code (backend_alias, task_key, run_at, intended_job_id)} unless it exists (the
 * unique key is the cross-scheduler dedupe) and moves {@code next_run_at} forward (never back).
 * <b>Publish</b> locks the reservation, skips it if it has a job, enqueues the job under the
 * intended id and attaches it, in one transaction, so the job is not claimable before it is
 * attached. A scheduler that dies between the two leaves a reservation without a job; the next
 * poll publishes it.
 */
public final class RecurringFiring {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    public static final int BATCH_SIZE = 500;

    /** What one {@link #fireDue} pass did. */
    public record Outcome(int tasksExamined, List<UUID> publishedJobs) {
    }

    private final RecurringService service;

    RecurringFiring(RecurringService service) {
        this.service = service;
    }

    /** One scheduler pass at the backend clock's now, dynamic tasks per configuration. */
    public Outcome fireDue() {
        return fireDue(service.context().now(), service.dynamicTasksEnabled(), BATCH_SIZE);
    }

    /**
     * One scheduler pass: up to {@code batchSize} tasks that are due or have unpublished
     * reservations. For each, pending reservations are published first (oldest tick first);
     * then, if due, the latest tick at or before {@code now} is fired (missed ticks are not
     * backfilled). A failure of one task is logged and does not stop the others.
     */
    public Outcome fireDue(Instant now, boolean includeDynamic, int batchSize) {
        BackendContext context = service.context();
        RecurringTaskStore store = service.store();
        List<RecurringTaskStore.TaskRow> tasks = context.db.read(c -> store.due(c, now, includeDynamic, batchSize));
        if (tasks.isEmpty()) {
            return new Outcome(0, List.of());
        }
        Map<String, List<RecurringTaskStore.ExecutionRow>> pending = new LinkedHashMap<>();
        List<String> pendingKeys = tasks.stream().filter(RecurringTaskStore.TaskRow::pending)
                .map(RecurringTaskStore.TaskRow::key).toList();
        if (!pendingKeys.isEmpty()) {
            for (RecurringTaskStore.ExecutionRow row : context.db.read(c -> store.unpublished(c, pendingKeys, batchSize))) {
                pending.computeIfAbsent(row.taskKey(), k -> new ArrayList<>()).add(row);
            }
        }
        List<UUID> published = new ArrayList<>();
        int remaining = batchSize;
        for (RecurringTaskStore.TaskRow task : tasks) {
            try {
                for (RecurringTaskStore.ExecutionRow reservation : pending.getOrDefault(task.key(), List.of())) {
                    fire(task.id(), reservation.runAt()).ifPresent(published::add);
                    if (--remaining == 0) {
                        return new Outcome(tasks.size(), published);
                    }
                }
                if (task.nextRunAt() != null && task.nextRunAt().isAfter(now)) {
                    continue;
                }
                Optional<Instant> runAt = CronSchedule.parse(task.schedule()).latest(now);
                if (runAt.isEmpty()) {
                    continue;
                }
                fire(task.id(), runAt.get()).ifPresent(published::add);
                if (--remaining == 0) {
                    break;
                }
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("event", "recurring.fire_failed").addKeyValue("backend", context.alias)
                        .addKeyValue("task_key", task.key()).setCause(e)
                        .log("jqueue backend '{}': recurring task '{}' could not fire: {}", context.alias, task.key(),
                                e.getMessage());
            }
        }
        return new Outcome(tasks.size(), published);
    }

    /** Fires one tick of the task with this key; the published job's id, or empty when nothing was published. */
    public Optional<UUID> fire(String key, Instant runAt) {
        Optional<RecurringTaskStore.TaskRow> task = service.context().db.read(c -> service.store().find(c, key));
        return task.isEmpty() ? Optional.empty() : fire(task.get().id(), runAt);
    }

    Optional<UUID> fire(long taskId, Instant runAt) {
        Optional<Reservation> reservation = reserve(taskId, runAt);
        return reservation.isEmpty() ? Optional.empty() : publish(reservation.get());
    }

    /** The reserve phase alone (its own transaction), by task key. */
    public Optional<Reservation> reserve(String key, Instant runAt) {
        Optional<RecurringTaskStore.TaskRow> task = service.context().db.read(c -> service.store().find(c, key));
        return task.isEmpty() ? Optional.empty() : reserve(task.get().id(), runAt);
    }

    Optional<Reservation> reserve(long taskId, Instant runAt) {
        BackendContext context = service.context();
        RecurringTaskStore store = service.store();
        return context.db.inTransaction(connection -> {
            Optional<RecurringTaskStore.TaskRow> locked = store.lockForFiring(connection, taskId);
            if (locked.isEmpty()) {
                return Optional.<Reservation>empty();
            }
            RecurringTaskStore.TaskRow task = locked.get();
            CronSchedule schedule = CronSchedule.parse(task.schedule());
            if (!schedule.isTick(runAt)) {
                return Optional.<Reservation>empty();
            }
            Instant next = schedule.next(runAt).orElse(null);
            if (task.nextRunAt() != null && task.nextRunAt().isAfter(runAt)) {
                // The cursor is past this tick: only resume a reservation that has no job yet.
                Optional<RecurringTaskStore.ExecutionRow> existing = store.findReservation(connection, task.key(), runAt);
                if (existing.isEmpty() || existing.get().jobId() != null) {
                    return Optional.<Reservation>empty();
                }
                return Optional.of(reservation(existing.get(), task));
            }
            boolean created = store.reserve(connection, task.key(), runAt, UuidV7.next(), context.now());
            RecurringTaskStore.ExecutionRow execution = store.findReservation(connection, task.key(), runAt)
                    .orElseThrow(() -> new EnqueueError("recurring execution reservation could not be assigned a job"));
            if (next != null) {
                store.advance(connection, task.id(), next);
            }
            if (!created && execution.jobId() != null) {
                return Optional.<Reservation>empty();
            }
            return Optional.of(reservation(execution, task));
        });
    }

    private static Reservation reservation(RecurringTaskStore.ExecutionRow execution, RecurringTaskStore.TaskRow task) {
        return new Reservation(execution.id(), execution.intendedJobId(), task.key(), execution.runAt(),
                task.taskPath(), task.payload(), task.queue(), task.priority());
    }

    /**
     * The publish phase (its own transaction): enqueue the reservation's job under its intended
     * id and attach it. Empty when the reservation is gone, held by another scheduler, or already
     * has its job.
     */
    public Optional<UUID> publish(Reservation reservation) {
        BackendContext context = service.context();
        RecurringTaskStore store = service.store();
        Optional<UUID> published = context.db.inTransaction(connection -> {
            Optional<RecurringTaskStore.ExecutionRow> locked = store.lockReservation(connection, reservation.executionId());
            if (locked.isEmpty() || locked.get().jobId() != null) {
                return Optional.<UUID>empty();
            }
            UUID id = reservation.intendedJobId();
            Instant now = context.now();
            Job job = service.backend().enqueue.prepare(new EnqueueRequest(reservation.taskPath(),
                    context.codec.storedArguments(reservation.payload()),
                    EnqueueOptions.onQueue(reservation.queue()).priority(reservation.priority())), id, now);
            Optional<RecurringTaskStore.StoredJob> existing = store.findJob(connection, id);
            if (existing.isPresent()) {
                requireMatches(connection, existing.get(), job, reservation);
            } else {
                service.backend().enqueue.writeIn(connection, List.of(job), now);
            }
            if (store.attach(connection, reservation.executionId(), id) != 1) {
                Optional<RecurringTaskStore.ExecutionRow> again = store.findReservation(connection, reservation.executionId());
                if (again.isPresent() && id.equals(again.get().jobId()) && id.equals(again.get().intendedJobId())) {
                    return Optional.<UUID>empty();
                }
                throw new EnqueueError("recurring execution reservation could not be assigned a job");
            }
            return Optional.of(id);
        });
        published.ifPresent(id -> log.atInfo().addKeyValue("event", "recurring.fired")
                .addKeyValue("backend", context.alias).addKeyValue("task_key", reservation.taskKey())
                .addKeyValue("run_at", reservation.runAt()).addKeyValue("job_id", id).log("recurring.fired"));
        return published;
    }

    private void requireMatches(Connection connection, RecurringTaskStore.StoredJob existing, Job expected,
                                Reservation reservation) throws SQLException {
        boolean matches = existing.taskPath().equals(expected.taskPath())
                && existing.queue().equals(expected.queueName())
                && existing.priority() == expected.priority()
                && existing.backend().equals(service.context().alias)
                && service.sameJson(existing.payload(), expected.payload())
                && !service.store().attachedElsewhere(connection, expected.id(), reservation.executionId());
        if (!matches) {
            throw new EnqueueError("intended recurring job metadata does not match reservation");
        }
    }
}
