package dev.jqueue.bench;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.recurring.CronSchedule;
import dev.jqueue.recurring.RecurringFiring;
import dev.jqueue.recurring.RecurringService;
import dev.jqueue.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * recurring-poll: SIZE dynamic recurring tasks, none of them due, and POLLS scheduler polls timed
 * one by one: what a scheduler costs every polling interval when it has many tasks and nothing
 * to fire.
 *
 * <p>The tasks are created through {@code backend.recurring().schedule(...)} (1,000 to a
 * transaction, which the API joins), each yearly at its
 * own minute, day and month (never this month or the next, so none comes due during a run). A
 * task the API just created has no cursor ({@code next_run_at} null) and the engine fires the
 * latest tick of a new schedule at the next poll, so each task's cursor is then set to its next
 * tick, as the scheduler leaves it after firing: an idle table of 10,000 tasks that have all
 * fired before. Dynamic tasks are enabled as the {@code Scheduler} runner enables them
 * ({@link RecurringService#configure}), and each poll is the call that runner makes:
 * {@code firing().fireDue(now, dynamicTasksEnabled, RecurringFiring.BATCH_SIZE)}.
 */
final class RecurringPoll {

    static final String SCENARIO = "recurring-poll";
    static final int DEFAULT_SIZE = 10_000;
    static final int DEFAULT_POLLS = 200;
    /** Polls before the timed ones (statement preparation, first reads of the index). */
    static final int UNTIMED_POLLS = 5;
    private static final int CREATE_CHUNK = 1_000;
    static final List<String> TABLE_METRICS = List.of("poll_p50_ms", "poll_p95_ms", "poll_p99_ms", "poll_max_ms",
            "statements_per_poll", "create_tasks_per_second");

    private RecurringPoll() {
    }

    static Map<String, Object> params(int polls) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("polls", polls);
        p.put("schedule", "yearly");
        return p;
    }

    static Map<String, Object> run(Backend backend, DataSource ds, int size, int polls, CountingDataSource counted)
            throws Exception {
        RecurringService recurring = backend.recurring();
        recurring.configure(new SchedulerProperties(true, Duration.ofSeconds(5)), Map.of());
        Instant now = backend.context().now();
        int month = now.atZone(ZoneOffset.UTC).getMonthValue();

        String[] schedules = new String[size];
        // The API joins a caller's transaction: 1,000 tasks a commit instead of one each.
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(counted));
        long createStart = System.nanoTime();
        for (int from = 0; from < size; from += CREATE_CHUNK) {
            int start = from;
            transaction.executeWithoutResult(status -> {
                for (int i = start; i < Math.min(size, start + CREATE_CHUNK); i++) {
                    schedules[i] = yearly(i, month);
                    recurring.schedule("bench-recurring-" + i, "bench.noop", schedules[i], List.of(i));
                }
            });
        }
        long createElapsed = System.nanoTime() - createStart;
        long cursorStart = System.nanoTime();
        advanceCursors(ds, backend.context().dialect, schedules, now);
        long cursorElapsed = System.nanoTime() - cursorStart;
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_recurring_tasks WHERE next_run_at IS NOT NULL", size,
                "recurring tasks with a cursor");

        RecurringFiring firing = recurring.firing();
        boolean dynamic = recurring.dynamicTasksEnabled();
        long[] nanos = new long[polls];
        long statementsBefore = 0;
        long commitsBefore = 0;
        int examined = 0;
        int published = 0;
        for (int i = -UNTIMED_POLLS; i < polls; i++) {
            if (i == 0) {
                statementsBefore = counted.statements.get();
                commitsBefore = counted.commits.get();
            }
            long t0 = System.nanoTime();
            RecurringFiring.Outcome outcome = firing.fireDue(backend.context().now(), dynamic, RecurringFiring.BATCH_SIZE);
            long elapsed = System.nanoTime() - t0;
            examined += outcome.tasksExamined();
            published += outcome.publishedJobs().size();
            if (i >= 0) {
                nanos[i] = elapsed;
            }
        }
        long statements = counted.statements.get() - statementsBefore;
        long commits = counted.commits.get() - commitsBefore;
        if (examined != 0 || published != 0) {
            throw new IllegalStateException(SCENARIO + ": polls examined " + examined + " task(s) and published "
                    + published + " job(s); none is due");
        }
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_jobs", 0, "jobs enqueued by the polls");
        Scenarios.expect(ds, "SELECT COUNT(*) FROM jqueue_recurring_executions", 0, "recurring reservations");

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", size);
        m.put("polls", polls);
        m.put("untimed_polls", UNTIMED_POLLS);
        Percentiles.putLatencies(m, "poll", nanos);
        m.put("statements_per_poll", Percentiles.round((double) statements / polls, 3));
        m.put("commits_per_poll", Percentiles.round((double) commits / polls, 3));
        m.put("create_tasks_per_second", Scenarios.rate(size, createElapsed));
        m.put("cursor_update_s", Scenarios.seconds(cursorElapsed));
        return m;
    }

    /**
     * A yearly schedule for task {@code i}: minute, hour, day and month spread over the year,
     * skipping the current month and the next (UTC), so its next tick is weeks away.
     */
    static String yearly(int i, int currentMonth) {
        int slot = (currentMonth + 1 + i % 10) % 12; // 10 months: after the next one, wrapping around
        int month = slot + 1;
        return (i % 60) + " " + (i / 60 % 24) + " " + (1 + i / 1440 % 28) + " " + month + " *";
    }

    /** Sets every task's cursor to its next tick: what the scheduler writes after firing one. */
    private static void advanceCursors(DataSource ds, Dialect dialect, String[] schedules, Instant now)
            throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE jqueue_recurring_tasks SET next_run_at = ? "
                     + "WHERE backend_alias = 'default' AND " + dialect.quote("key") + " = ?")) {
            c.setAutoCommit(false);
            for (int i = 0; i < schedules.length; i++) {
                Instant next = CronSchedule.parse(schedules[i]).next(now)
                        .orElseThrow(() -> new IllegalStateException("no next tick"));
                dialect.setInstant(ps, 1, next);
                ps.setString(2, "bench-recurring-" + i);
                ps.addBatch();
                if (i % 1000 == 999 || i == schedules.length - 1) {
                    ps.executeBatch();
                }
            }
            c.commit();
        }
    }
}
