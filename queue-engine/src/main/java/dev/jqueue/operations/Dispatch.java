package dev.jqueue.operations;

import dev.jqueue.state.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides where a job without a live state goes next and writes that row: scheduled when its
 * run time is ahead; otherwise ready, unless it carries a concurrency key and finds no free
 * slot (then blocked, or finished without a result when its policy discards on conflict).
 * Enqueue, promotion, retry and run-now all pass through here, so the rule lives in one place.
 *
 * <p>On PostgreSQL with LISTEN/NOTIFY on, making jobs ready also sends one {@code NOTIFY} in
 * the same transaction: PostgreSQL delivers it only if the transaction commits.
 */
public final class Dispatch {

    public static final String CHANNEL = "jqueue_ready";

    /** Where the jobs went: counts of ready and scheduled, ids of blocked and discarded. */
    public record Outcome(int ready, int scheduled, Set<UUID> blockedIds, Set<UUID> discardedIds) {
        public static Outcome of(int ready, int scheduled) {
            return new Outcome(ready, scheduled, Set.of(), Set.of());
        }

        public int blocked() {
            return blockedIds.size();
        }

        public int discarded() {
            return discardedIds.size();
        }
    }

    private final BackendContext backend;
    private final ConcurrencyControl concurrency;

    public Dispatch(BackendContext backend, ConcurrencyControl concurrency) {
        this.backend = backend;
        this.concurrency = concurrency;
    }

    public Outcome dispatch(Connection connection, List<Job> jobs, Instant now) throws SQLException {
        List<Job> scheduled = new ArrayList<>();
        List<Job> keyed = new ArrayList<>();
        for (Job job : jobs) {
            if (!job.dueAt(now)) {
                scheduled.add(job);
            } else if (job.concurrency() != null) {
                keyed.add(job);
            }
        }
        ConcurrencyControl.Admission admission = keyed.isEmpty()
                ? new ConcurrencyControl.Admission(Set.of(), List.of(), List.of())
                : concurrency.admit(connection, keyed, now);
        List<Job> ready = new ArrayList<>();
        for (Job job : jobs) {
            if (job.dueAt(now) && (job.concurrency() == null || admission.admitted().contains(job.id()))) {
                ready.add(job);
            }
        }
        makeReady(connection, ready, now);
        backend.scheduled.insert(connection, scheduled, now);
        backend.blocked.insert(connection, admission.blocked(), now);
        if (!admission.discarded().isEmpty()) {
            backend.jobs.finishWithoutResult(connection, admission.discarded().stream().map(Job::id).toList(), now);
        }
        return new Outcome(ready.size(), scheduled.size(), ids(admission.blocked()), ids(admission.discarded()));
    }

    private static Set<UUID> ids(List<Job> jobs) {
        Set<UUID> ids = new java.util.HashSet<>();
        for (Job job : jobs) {
            ids.add(job.id());
        }
        return ids;
    }

    /** Inserts ready rows for jobs that may run now (they hold a slot if they need one) and wakes workers. */
    public void makeReady(Connection connection, List<Job> ready, Instant now) throws SQLException {
        if (ready.isEmpty()) {
            return;
        }
        backend.ready.insert(connection, ready, now);
        notifyReady(connection, ready);
    }

    private void notifyReady(Connection connection, List<Job> ready) throws SQLException {
        if (!backend.notifyEnabled()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, payload(backend, ready.stream().map(Job::queueName).toList()));
            ps.executeQuery().close();
        }
    }

    /** NOTIFY payload: the backend and the distinct queues that got ready work. */
    static String payload(BackendContext backend, List<String> queues) {
        Set<String> distinct = new LinkedHashSet<>(queues);
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("backend", backend.alias);
        payload.put("queues", distinct);
        return backend.codec.mapper().writeValueAsString(payload);
    }
}
