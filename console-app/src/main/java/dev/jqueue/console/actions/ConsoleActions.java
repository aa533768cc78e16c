package dev.jqueue.console.actions;

import dev.jqueue.EnqueueError;
import dev.jqueue.JQueue;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobSearch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Every state-changing thing the console can do, authorized here on the server (a view hiding a
 * button is a convenience, not the protection) and written to the audit log: who, which role,
 * which backend, what, which targets, how many, and the outcome (success, refused, error).
 * OPERATOR may retry, discard, pause/resume, clear, run now and enqueue copies; ADMIN may also
 * edit recurring tasks. Selections are re-scoped on the server: a bulk action on a queue's state
 * only touches ids that really are in that queue and state.
 */
@Service
public class ConsoleActions {

    /** Upper bound of "everything matching the filter" in one request. */
    public static final int MAX_BULK = 50_000;

    private final Backends backends;
    private final Map<String, AuditLog> audits = new ConcurrentHashMap<>();

    public ConsoleActions(Backends backends) {
        this.backends = backends;
    }

    private AuditLog audit(String backend) {
        return audits.computeIfAbsent(backend, alias -> new AuditLog(backends.get(alias).context().db));
    }

    /** Runs an action as the current operator: authorized, performed, audited. */
    private ActionResult perform(String backend, String action, ConsoleRole needed, String targetType, String target,
                                 Supplier<ActionResult> work) {
        Operator operator = Operator.current().orElse(new Operator("anonymous", null));
        if (operator.role() == null || !operator.has(needed)) {
            audit(backend).record(new AuditEvent(null, Instant.now(), operator.name(),
                    operator.role() == null ? null : operator.role().name(), backend, action, targetType, target, 0,
                    AuditEvent.REFUSED, "needs " + needed.name()));
            throw new ActionRefused(action, needed, operator.name());
        }
        try {
            ActionResult result = work.get();
            audit(backend).record(new AuditEvent(null, Instant.now(), operator.name(), operator.role().name(), backend,
                    action, targetType, target, result.affected(), AuditEvent.SUCCESS, result.message()));
            return result;
        } catch (RuntimeException e) {
            audit(backend).record(new AuditEvent(null, Instant.now(), operator.name(), operator.role().name(), backend,
                    action, targetType, target, 0, AuditEvent.ERROR, String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private static String ids(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
    }

    private JQueue jqueue(String backend) {
        return backends.get(backend);
    }

    /** Ids among {@code selected} that are in {@code queue} (when given) and {@code state}. */
    private List<UUID> rescope(String backend, String queue, JobState state, Collection<UUID> selected) {
        Backend b = backends.get(backend);
        JobSearch search = new JobSearch(b.context());
        List<UUID> scoped = new ArrayList<>();
        for (UUID id : selected) {
            JobFilter filter = JobFilter.state(state).withJobId(id);
            if (queue != null) {
                filter = filter.withQueue(queue);
            }
            if (!search.ids(filter, 1).isEmpty()) {
                scoped.add(id);
            }
        }
        return scoped;
    }

    // ------------------------------------------------------------------ jobs

    public ActionResult retry(String backend, String queue, Collection<UUID> selected) {
        return perform(backend, "retry", ConsoleRole.OPERATOR, "job", ids(selected), () -> {
            List<UUID> scoped = rescope(backend, queue, JobState.FAILED, selected);
            int n = jqueue(backend).jobs().retryFailed(scoped);
            return new ActionResult("retried " + n + " failed job(s)" + (queue == null ? "" : " from " + queue), n);
        });
    }

    public ActionResult discard(String backend, String queue, JobState state, Collection<UUID> selected) {
        return perform(backend, "discard", ConsoleRole.OPERATOR, "job", ids(selected), () -> {
            List<UUID> scoped = rescope(backend, queue, state, selected);
            int n = switch (state) {
                case READY -> jqueue(backend).jobs().discardReady(scoped);
                case SCHEDULED -> jqueue(backend).jobs().discardScheduled(scoped);
                case BLOCKED -> jqueue(backend).jobs().discardBlocked(scoped);
                case FAILED -> jqueue(backend).jobs().discardFailed(scoped);
                default -> throw new EnqueueError(state.label() + " jobs cannot be discarded");
            };
            return new ActionResult("discarded " + n + " " + state.label() + " job(s)" + (queue == null ? "" : " from " + queue), n);
        });
    }

    /** Retries or discards every failed job matching a filter (up to {@link #MAX_BULK}). */
    public ActionResult retryMatching(String backend, JobFilter filter) {
        return perform(backend, "retry-matching", ConsoleRole.OPERATOR, "filter", filter.toString(), () -> {
            List<UUID> ids = new JobSearch(backends.get(backend).context()).ids(filter.withState(JobState.FAILED), MAX_BULK);
            int n = jqueue(backend).jobs().retryFailed(ids);
            return new ActionResult("retried " + n + " failed job(s)", n);
        });
    }

    public ActionResult discardMatching(String backend, JobFilter filter) {
        return perform(backend, "discard-matching", ConsoleRole.OPERATOR, "filter", filter.toString(), () -> {
            List<UUID> ids = new JobSearch(backends.get(backend).context()).ids(filter.withState(JobState.FAILED), MAX_BULK);
            int n = jqueue(backend).jobs().discardFailed(ids);
            return new ActionResult("discarded " + n + " failed job(s)", n);
        });
    }

    public ActionResult runNow(String backend, UUID id) {
        return perform(backend, "run-now", ConsoleRole.OPERATOR, "job", id.toString(), () -> {
            TaskResult result = jqueue(backend).jobs().runNow(id);
            return new ActionResult("job " + id + " is now " + result.state().label(), 1);
        });
    }

    /** A copy at the original's run time (dj_queue's "Enqueue job"). */
    public ActionResult enqueueCopy(String backend, UUID id) {
        return perform(backend, "enqueue-copy", ConsoleRole.OPERATOR, "job", id.toString(), () -> {
            TaskResult copy = jqueue(backend).jobs().enqueueCopy(id);
            return new ActionResult("enqueued copy " + copy.id() + " (" + copy.state().label() + ")", 1);
        });
    }

    /** A copy that runs now whatever the original's run time ("Enqueue copy now"). */
    public ActionResult enqueueCopyNow(String backend, UUID id) {
        return perform(backend, "enqueue-copy-now", ConsoleRole.OPERATOR, "job", id.toString(), () -> {
            TaskResult copy = jqueue(backend).jobs().enqueueCopyNow(id);
            return new ActionResult("enqueued copy " + copy.id() + " to run now (" + copy.state().label() + ")", 1);
        });
    }

    /** Enqueues fresh copies of the selected finished jobs of a queue. */
    public ActionResult enqueueCopies(String backend, String queue, Collection<UUID> selected) {
        return perform(backend, "enqueue-copy", ConsoleRole.OPERATOR, "job", ids(selected), () -> {
            List<UUID> scoped = rescope(backend, queue, JobState.FINISHED, selected);
            for (UUID id : scoped) {
                jqueue(backend).jobs().enqueueCopy(id);
            }
            return new ActionResult("enqueued " + scoped.size() + " finished job(s) again" + (queue == null ? "" : " from " + queue),
                    scoped.size());
        });
    }

    // ------------------------------------------------------------------ queues

    public ActionResult pause(String backend, String queue) {
        return perform(backend, "pause", ConsoleRole.OPERATOR, "queue", queue, () -> {
            jqueue(backend).queue(queue).pause();
            return new ActionResult("paused queue " + queue, 1);
        });
    }

    public ActionResult resume(String backend, String queue) {
        return perform(backend, "resume", ConsoleRole.OPERATOR, "queue", queue, () -> {
            boolean resumed = jqueue(backend).queue(queue).resume();
            return new ActionResult(resumed ? "resumed queue " + queue : "queue " + queue + " was not paused", resumed ? 1 : 0);
        });
    }

    public ActionResult clear(String backend, String queue) {
        return perform(backend, "clear", ConsoleRole.OPERATOR, "queue", queue, () -> {
            int n = jqueue(backend).queue(queue).clear();
            return new ActionResult("cleared " + n + " ready job(s) from " + queue, n);
        });
    }

    // ------------------------------------------------------------------ recurring (ADMIN)

    public ActionResult scheduleRecurring(String backend, String key, String taskPath, String schedule, List<Object> args,
                                          String queue, int priority, String description) {
        return perform(backend, "schedule-recurring", ConsoleRole.ADMIN, "recurring", key, () -> {
            jqueue(backend).recurring().schedule(key, taskPath, schedule, args, queue, priority, description);
            return new ActionResult("scheduled recurring task " + key, 1);
        });
    }

    public ActionResult unscheduleRecurring(String backend, String key) {
        return perform(backend, "unschedule-recurring", ConsoleRole.ADMIN, "recurring", key, () -> {
            int n = jqueue(backend).recurring().unschedule(key);
            return new ActionResult(n == 0 ? "recurring task " + key + " is static (from configuration) and was not removed"
                    : "unscheduled recurring task " + key, n);
        });
    }
}
