package dev.jqueue.contract;

import static dev.jqueue.testing.TestSql.await;
import static dev.jqueue.testing.TestSql.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueError;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.RecurringTaskProperties;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.recurring.CronSchedule;
import dev.jqueue.recurring.RecurringFiring;
import dev.jqueue.recurring.RecurringTask;
import dev.jqueue.recurring.Reservation;
import dev.jqueue.recurring.Scheduler;
import dev.jqueue.recurring.SchedulePreview;
import dev.jqueue.recurring.StaticTaskSync;
import dev.jqueue.runtime.Runner;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.runtime.Topology;
import dev.jqueue.sql.Dialect;
import dev.jqueue.state.Job;
import dev.jqueue.testing.MutableClock;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recurring tasks on every supported database: cron parsing, static and dynamic tasks, and
 * exactly-once firing per (backend, key, tick).
 */
abstract class RecurringContract {

    /** Monday, 2 March 2026, half a minute past noon UTC. */
    static final Instant START = Instant.parse("2026-03-02T12:00:30Z");

    protected abstract TestDatabase database();

    protected HikariDataSource dataSource;
    protected TestTasks tasks;
    protected MutableClock clock;
    protected Backend jqueue;
    private final List<Supervisor> supervisors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        tasks = new TestTasks();
        clock = new MutableClock(START);
        jqueue = backend("default", List.of());
    }

    @AfterEach
    void tearDown() {
        supervisors.forEach(Supervisor::stop);
    }

    Backend backend(String alias, List<String> allowedQueues) {
        return BackendBuilder.on(dataSource).alias(alias).tasks(tasks).migrate(false).clock(clock)
                .settings(new BackendContext.Settings(allowedQueues, true, false)).build();
    }

    static RecurringTaskProperties task(String taskPath, String schedule, Object... args) {
        return new RecurringTaskProperties(taskPath, schedule, List.of(args), "default", 0, "");
    }

    RecurringFiring firing() {
        return jqueue.recurring().firing();
    }

    RecurringFiring.Outcome poll(boolean includeDynamic) {
        return firing().fireDue(clock.instant(), includeDynamic, RecurringFiring.BATCH_SIZE);
    }

    // ------------------------------------------------------------------ helpers

    long jobs() {
        return count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs");
    }

    long reservations() {
        return count(dataSource, "SELECT COUNT(*) FROM jqueue_recurring_executions");
    }

    /** Reservations whose job is missing or is not the intended one. */
    long unattachedOrMismatched() {
        return count(dataSource, "SELECT COUNT(*) FROM jqueue_recurring_executions"
                + " WHERE job_id IS NULL OR job_id <> intended_job_id");
    }

    String k() {
        return jqueue.context().dialect.quote("key");
    }

    Instant nextRunAt(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(
                     "SELECT next_run_at FROM jqueue_recurring_tasks WHERE backend_alias = 'default' AND " + k() + " = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no recurring task " + key);
                }
                return jqueue.context().dialect.getInstant(rs, "next_run_at");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Instant> runTimes(String key) {
        List<Instant> times = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(
                     "SELECT run_at FROM jqueue_recurring_executions WHERE task_key = ? ORDER BY run_at")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(jqueue.context().dialect.getInstant(rs, "run_at"));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return times;
    }

    String processMetadata(String kind) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT " + jqueue.context().dialect.jsonText("metadata")
                     + " FROM jqueue_processes WHERE kind = ?")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant at(String text) {
        return Instant.parse(text);
    }

    // ------------------------------------------------------------------ cron

    @Test
    void invalidSchedulesAreRejectedWithTheReferenceMessage() {
        List<String> invalid = List.of("* * * *", "60 * * * *", "*/0 * * * *", "0 0 31 2 *", "@reboot",
                "0 * * * * Missing/Zone", "not a cron", "", "   ", "* * * * * * * *", "@daily Missing/Zone", "@every 5m",
                "0 0 30 2 *", "0 24 * * *", "0 0 * 13 *");
        for (String schedule : invalid) {
            assertThat(CronSchedule.isValid(schedule)).as(schedule).isFalse();
            assertThatThrownBy(() -> CronSchedule.parse(schedule)).as(schedule)
                    .isInstanceOf(EnqueueError.class).hasMessage("schedule must be a valid cron expression");
            assertThatThrownBy(() -> jqueue.recurring().preview(schedule, 3)).as(schedule)
                    .isInstanceOf(EnqueueError.class).hasMessage("schedule must be a valid cron expression");
        }
        assertThatThrownBy(() -> CronSchedule.parse(null)).isInstanceOf(EnqueueError.class)
                .hasMessage("schedule must be a valid cron expression");
        for (String schedule : List.of("* * * *", "0 0 31 2 *", "@reboot", "0 * * * * Missing/Zone", "not a cron")) {
            assertThatThrownBy(() -> jqueue.recurring().schedule("bad", "test.count", schedule, List.of("x")))
                    .as(schedule).isInstanceOf(EnqueueError.class).hasMessage("schedule must be a valid cron expression");
        }
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_recurring_tasks")).isZero();
    }

    @Test
    void presetsFieldsSecondsAndTimeZones() {
        Map<String, Instant[]> latestAndNext = new LinkedHashMap<>();
        latestAndNext.put("@hourly", new Instant[]{at("2026-03-02T12:00:00Z"), at("2026-03-02T13:00:00Z")});
        latestAndNext.put("@daily", new Instant[]{at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z")});
        latestAndNext.put("@midnight", new Instant[]{at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z")});
        latestAndNext.put("@noon", new Instant[]{at("2026-03-02T12:00:00Z"), at("2026-03-03T12:00:00Z")});
        latestAndNext.put("@weekly", new Instant[]{at("2026-03-01T00:00:00Z"), at("2026-03-08T00:00:00Z")});
        latestAndNext.put("@monthly", new Instant[]{at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z")});
        latestAndNext.put("@yearly", new Instant[]{at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")});
        latestAndNext.put("@annually", new Instant[]{at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")});
        latestAndNext.put("@DAILY", new Instant[]{at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z")});
        latestAndNext.put("* * * * *", new Instant[]{at("2026-03-02T12:00:00Z"), at("2026-03-02T12:01:00Z")});
        latestAndNext.put("*/15 9-17 * jan,mar mon-fri", new Instant[]{at("2026-03-02T12:00:00Z"), at("2026-03-02T12:15:00Z")});
        latestAndNext.put("0 0 * * 7", new Instant[]{at("2026-03-01T00:00:00Z"), at("2026-03-08T00:00:00Z")});
        // day-of-month OR day-of-week when both are restricted
        latestAndNext.put("0 0 1 * MON", new Instant[]{at("2026-03-02T00:00:00Z"), at("2026-03-09T00:00:00Z")});
        latestAndNext.put("0 0 31 2 MON", new Instant[]{at("2026-02-23T00:00:00Z"), at("2027-02-01T00:00:00Z")});
        // a leading seconds field
        latestAndNext.put("15,30 5 0 * * *", new Instant[]{at("2026-03-02T00:05:30Z"), at("2026-03-03T00:05:15Z")});
        latestAndNext.put("* * * * * *", new Instant[]{at("2026-03-02T12:00:30Z"), at("2026-03-02T12:00:31Z")});
        // time zones (Berlin is UTC+1 until 29 March 2026; New York is UTC-5 until 8 March)
        latestAndNext.put("@daily Europe/Berlin", new Instant[]{at("2026-03-01T23:00:00Z"), at("2026-03-02T23:00:00Z")});
        latestAndNext.put("0 9 * * 1-5 Europe/Berlin", new Instant[]{at("2026-03-02T08:00:00Z"), at("2026-03-03T08:00:00Z")});
        latestAndNext.put("0 0 9 * * 1-5 Europe/Berlin", new Instant[]{at("2026-03-02T08:00:00Z"), at("2026-03-03T08:00:00Z")});
        latestAndNext.put("0 9 * * 1-5 America/New_York", new Instant[]{at("2026-02-27T14:00:00Z"), at("2026-03-02T14:00:00Z")});
        latestAndNext.put("0 9 * * * +09:00", new Instant[]{at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z")});
        latestAndNext.put("0 12 * * * UTC", new Instant[]{at("2026-03-02T12:00:00Z"), at("2026-03-03T12:00:00Z")});
        latestAndNext.forEach((schedule, expected) -> {
            CronSchedule cron = CronSchedule.parse(schedule);
            assertThat(cron.latest(START)).as("latest " + schedule).contains(expected[0]);
            assertThat(cron.next(START)).as("next " + schedule).contains(expected[1]);
            assertThat(cron.isTick(expected[0])).as("tick " + schedule).isTrue();
            assertThat(cron.isTick(expected[0].plusSeconds(1).plusMillis(1))).as("not a tick " + schedule).isFalse();
        });
        assertThat(CronSchedule.parse("0 9 * * 1-5 Europe/Berlin").zone().getId()).isEqualTo("Europe/Berlin");
        assertThat(CronSchedule.parse("* * * * *").zone().getId()).isEqualTo("Z");
        // across the spring-forward change: 09:00 in Berlin is 07:00 UTC from 29 March
        assertThat(CronSchedule.parse("0 9 * * 1-5 Europe/Berlin").next(at("2026-03-27T12:00:00Z")))
                .contains(at("2026-03-30T07:00:00Z"));
        assertThat(CronSchedule.parse("* * * * *").latest(at("2026-03-02T12:00:00Z"))).contains(at("2026-03-02T12:00:00Z"));
        // a wall-clock time repeated by the autumn change fires once (the first), one skipped in spring not at all
        CronSchedule halfPastTwo = CronSchedule.parse("30 2 * * * Europe/Berlin");
        assertThat(halfPastTwo.nextTimes(at("2026-10-24T12:00:00Z"), 2))
                .containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
        assertThat(halfPastTwo.latest(at("2026-10-25T01:45:00Z"))).contains(at("2026-10-25T00:30:00Z"));
        assertThat(halfPastTwo.nextTimes(at("2026-03-28T12:00:00Z"), 1)).containsExactly(at("2026-03-30T00:30:00Z"));
    }

    @Test
    void previewGivesPlainEnglishAndTheNextFireTimes() {
        SchedulePreview quarterly = jqueue.recurring().preview("*/15 * * * *", 3);
        assertThat(quarterly.description()).isEqualTo("every 15 minutes");
        assertThat(quarterly.zone()).isEqualTo("Z");
        assertThat(quarterly.nextRuns()).containsExactly(at("2026-03-02T12:15:00Z"), at("2026-03-02T12:30:00Z"),
                at("2026-03-02T12:45:00Z"));

        SchedulePreview berlin = jqueue.recurring().preview(" 0 9 * * 1-5 Europe/Berlin ", 2);
        assertThat(berlin.schedule()).isEqualTo("0 9 * * 1-5 Europe/Berlin");
        assertThat(berlin.description()).contains("09:00").contains("Monday").contains("Friday").contains("Europe/Berlin");
        assertThat(berlin.zone()).isEqualTo("Europe/Berlin");
        assertThat(berlin.nextRuns()).containsExactly(at("2026-03-03T08:00:00Z"), at("2026-03-04T08:00:00Z"));

        assertThat(jqueue.recurring().preview("@daily", 0).nextRuns()).isEmpty();
        assertThat(jqueue.recurring().preview("@hourly", 1).description()).isNotBlank();
        assertThat(CronSchedule.parse("0 0 1 * MON").describe()).contains(" or ");
        assertThat(CronSchedule.parse("* * * * * *").nextTimes(START, 3))
                .containsExactly(at("2026-03-02T12:00:31Z"), at("2026-03-02T12:00:32Z"), at("2026-03-02T12:00:33Z"));
    }

    // ------------------------------------------------------------------ static tasks

    @Test
    void staticSyncCreatesUpdatesAndRemovesAndIsIdempotent() {
        StaticTaskSync sync = jqueue.recurring().staticSync();
        Map<String, RecurringTaskProperties> config = new LinkedHashMap<>();
        config.put("minutely", task("test.count", "* * * * *", "m"));
        config.put("sums", new RecurringTaskProperties("test.add", "@hourly", List.of("2", "40"), "math", 5, "adds"));

        StaticTaskSync.Result first = sync.sync(config);
        assertThat(first.created()).containsExactlyInAnyOrder("minutely", "sums");
        List<RecurringTask> listed = jqueue.recurring().list();
        assertThat(listed).extracting(RecurringTask::key).containsExactly("minutely", "sums");
        assertThat(listed).allMatch(RecurringTask::isStatic);
        RecurringTask sums = listed.get(1);
        assertThat(sums.args()).containsExactly(2, 40); // configuration text converted to the parameter types
        assertThat(sums.queue()).isEqualTo("math");
        assertThat(sums.priority()).isEqualTo(5);
        assertThat(sums.description()).isEqualTo("adds");
        assertThat(sums.nextRunAt()).isEqualTo(at("2026-03-02T13:00:00Z"));

        StaticTaskSync.Result again = sync.sync(config);
        assertThat(again.changedAnything()).isFalse();
        assertThat(jqueue.recurring().list()).isEqualTo(listed);

        poll(false);
        assertThat(nextRunAt("minutely")).isEqualTo(at("2026-03-02T12:01:00Z"));
        assertThat(nextRunAt("sums")).isEqualTo(at("2026-03-02T13:00:00Z"));
        assertThat(jobs()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(5));
        config.put("minutely", task("test.count", "*/5 * * * *", "m"));
        config.put("sums", new RecurringTaskProperties("test.add", "@hourly", List.of(2, 40), "math", 5, "adds up"));
        StaticTaskSync.Result changed = sync.sync(config);
        assertThat(changed.updated()).containsExactlyInAnyOrder("minutely", "sums");
        assertThat(nextRunAt("minutely")).as("a changed schedule resets the cursor").isNull();
        assertThat(nextRunAt("sums")).as("an unchanged schedule keeps it").isEqualTo(at("2026-03-02T13:00:00Z"));
        assertThat(jqueue.recurring().find("sums").orElseThrow().description()).isEqualTo("adds up");

        config.remove("sums");
        StaticTaskSync.Result removed = sync.sync(config);
        assertThat(removed.removed()).containsExactly("sums");
        assertThat(jqueue.recurring().list()).extracting(RecurringTask::key).containsExactly("minutely");
        assertThat(sync.sync(Map.of()).removed()).containsExactly("minutely");
        assertThat(jqueue.recurring().list()).isEmpty();
    }

    @Test
    void staticValidationNamesTheKeyAndWritesNothing() {
        Backend restricted = backend("default", List.of("default", "mail"));
        StaticTaskSync sync = restricted.recurring().staticSync();
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, RecurringTaskProperties> cases = new LinkedHashMap<>();
        cases.put("unknown", task("test.nope", "* * * * *"));
        expected.put("unknown", "recurring task 'unknown': task 'test.nope' is not registered");
        cases.put("cron", task("test.count", "61 * * * *", "x"));
        expected.put("cron", "recurring task 'cron': schedule must be a valid cron expression");
        cases.put("priority", new RecurringTaskProperties("test.count", "* * * * *", List.of("x"), "default", 101, ""));
        expected.put("priority", "recurring task 'priority': priority must be an integer from -100 to 100");
        cases.put("queue", new RecurringTaskProperties("test.count", "* * * * *", List.of("x"), "other", 0, ""));
        expected.put("queue", "recurring task 'queue': queue 'other' is not allowed for backend 'default'");
        cases.put("args", task("test.echo", "* * * * *", new TestTasks.Opaque()));
        expected.put("args", "recurring task 'args': payload must be JSON round-trippable");
        cases.put("arity", task("test.echo", "* * * * *", "a", "b"));
        expected.put("arity", "recurring task 'arity': task 'test.echo' takes 1 argument(s)");
        cases.put("path", task(null, "* * * * *"));
        expected.put("path", "recurring task 'path': task_path must be a non-empty string");
        cases.put("schedule", task("test.count", null, "x"));
        expected.put("schedule", "recurring task 'schedule': schedule must be a non-empty string");
        cases.forEach((key, bad) -> {
            Map<String, RecurringTaskProperties> config = new LinkedHashMap<>();
            config.put("good", task("test.count", "* * * * *", "g"));
            config.put(key, bad);
            assertThatThrownBy(() -> sync.sync(config)).as(key).isInstanceOf(EnqueueError.class)
                    .hasMessageStartingWith(expected.get(key));
        });
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_recurring_tasks")).isZero();
    }

    @Test
    void staticAndDynamicKeysDoNotMix() {
        jqueue.recurring().schedule("dyn", "test.count", "* * * * *", List.of("d"));
        StaticTaskSync sync = jqueue.recurring().staticSync();
        assertThatThrownBy(() -> sync.sync(Map.of("stat", task("test.count", "* * * * *", "s"),
                "dyn", task("test.count", "@hourly", "x"))))
                .isInstanceOf(EnqueueError.class).hasMessage("recurring task key 'dyn' is already scheduled dynamically");
        assertThat(jqueue.recurring().list()).extracting(RecurringTask::key).as("the failed sync wrote nothing")
                .containsExactly("dyn");

        sync.sync(Map.of("stat", task("test.count", "* * * * *", "s")));
        assertThatThrownBy(() -> jqueue.recurring().schedule("stat", "test.count", "@hourly", List.of("x")))
                .isInstanceOf(EnqueueError.class).hasMessage("recurring task key 'stat' is already managed statically");

        // a key only configured (not yet synced) is refused too
        jqueue.recurring().configure(SchedulerProperties.defaults(), Map.of("configured", task("test.count", "@daily", "c")));
        assertThatThrownBy(() -> jqueue.recurring().schedule("configured", "test.count", "@hourly", List.of("x")))
                .isInstanceOf(EnqueueError.class).hasMessage("recurring task key 'configured' is already managed statically");

        assertThat(jqueue.recurring().unschedule("stat")).as("a static task is not unscheduled").isZero();
        assertThat(jqueue.recurring().find("stat")).isPresent();
        assertThat(jqueue.recurring().unschedule("missing")).isZero();
        assertThat(jqueue.recurring().unschedule("dyn")).isEqualTo(1);
        assertThat(jqueue.recurring().find("dyn")).isEmpty();
        assertThat(jqueue.recurring().list()).extracting(RecurringTask::key).containsExactly("stat");
    }

    // ------------------------------------------------------------------ dynamic tasks

    @Test
    void dynamicScheduleValidatesLikeTheReference() {
        var recurring = jqueue.recurring();
        Map<String, Runnable> calls = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        calls.put("key", () -> recurring.schedule("", "test.count", "* * * * *", List.of("x")));
        messages.put("key", "key must be a non-empty string");
        calls.put("nullKey", () -> recurring.schedule(null, "test.count", "* * * * *", List.of("x")));
        messages.put("nullKey", "key must be a non-empty string");
        calls.put("path", () -> recurring.schedule("k", "", "* * * * *", List.of("x")));
        messages.put("path", "task_path must be a non-empty string");
        calls.put("schedule", () -> recurring.schedule("k", "test.count", "", List.of("x")));
        messages.put("schedule", "schedule must be a non-empty string");
        calls.put("queue", () -> recurring.schedule("k", "test.count", "* * * * *", List.of("x"), "", 0, ""));
        messages.put("queue", "queue_name must be a non-empty string");
        calls.put("cron", () -> recurring.schedule("k", "test.count", "* * * *", List.of("x")));
        messages.put("cron", "schedule must be a valid cron expression");
        calls.put("priority", () -> recurring.schedule("k", "test.count", "* * * * *", List.of("x"), "default", 101, ""));
        messages.put("priority", "priority must be an integer from -100 to 100");
        calls.put("task", () -> recurring.schedule("k", "test.missing", "* * * * *", List.of()));
        messages.put("task", "task 'test.missing' is not registered");
        calls.put("payload", () -> recurring.schedule("k", "test.echo", "* * * * *", List.of(new TestTasks.Opaque())));
        messages.put("payload", "payload must be JSON round-trippable");
        calls.put("longKey", () -> recurring.schedule("k".repeat(256), "test.count", "* * * * *", List.of("x")));
        messages.put("longKey", "key must be at most 255 characters");
        calls.forEach((name, call) -> assertThatThrownBy(call::run).as(name).isInstanceOf(EnqueueError.class)
                .hasMessageStartingWith(messages.get(name)));
        assertThat(recurring.list()).isEmpty();
    }

    @Test
    void dynamicScheduleUpsertsByKeyPerBackend() {
        RecurringTask created = jqueue.recurring().schedule("report", "test.order", "0 6 * * *",
                List.of(new TestTasks.Order("sku-1", 2, List.of("a"))), "reports", 3, "daily report");
        assertThat(created.isStatic()).isFalse();
        assertThat(created.backend()).isEqualTo("default");
        assertThat(created.args()).containsExactly(Map.of("sku", "sku-1", "quantity", 2, "tags", List.of("a")));
        assertThat(created.queue()).isEqualTo("reports");
        assertThat(created.priority()).isEqualTo(3);
        assertThat(created.description()).isEqualTo("daily report");
        assertThat(created.lastRunAt()).isNull();
        assertThat(created.nextRunAt()).isEqualTo(at("2026-03-03T06:00:00Z"));

        poll(true);
        assertThat(nextRunAt("report")).isEqualTo(at("2026-03-03T06:00:00Z"));
        RecurringTask fired = jqueue.recurring().find("report").orElseThrow();
        assertThat(fired.lastRunAt()).isEqualTo(at("2026-03-02T06:00:00Z"));

        RecurringTask described = jqueue.recurring().schedule("report", "test.order", "0 6 * * *",
                List.of(new TestTasks.Order("sku-1", 2, List.of("a"))), "reports", 3, "the daily report");
        assertThat(described.description()).isEqualTo("the daily report");
        assertThat(nextRunAt("report")).as("same schedule keeps the cursor").isEqualTo(at("2026-03-03T06:00:00Z"));

        jqueue.recurring().schedule("report", "test.order", "0 7 * * *",
                List.of(new TestTasks.Order("sku-2", 1, List.of())), "reports", 3, "the daily report");
        assertThat(nextRunAt("report")).as("a changed schedule resets the cursor").isNull();

        Backend other = backend("other", List.of());
        other.recurring().schedule("report", "test.count", "@hourly", List.of("other"));
        assertThat(other.recurring().list()).extracting(RecurringTask::taskPath).containsExactly("test.count");
        assertThat(jqueue.recurring().list()).extracting(RecurringTask::taskPath).containsExactly("test.order");
        assertThat(other.recurring().unschedule("report")).isEqualTo(1);
        assertThat(jqueue.recurring().find("report")).isPresent();
    }

    @Test
    void dynamicTasksFireOnlyWhenEnabled() {
        jqueue.recurring().schedule("dyn", "test.count", "* * * * *", List.of("d"));
        jqueue.recurring().staticSync().sync(Map.of("stat", task("test.count", "* * * * *", "s")));

        RecurringFiring.Outcome staticOnly = poll(false);
        assertThat(staticOnly.publishedJobs()).hasSize(1);
        assertThat(runTimes("stat")).containsExactly(at("2026-03-02T12:00:00Z"));
        assertThat(runTimes("dyn")).isEmpty();
        assertThat(nextRunAt("dyn")).isNull();

        RecurringFiring.Outcome withDynamic = poll(true);
        assertThat(withDynamic.publishedJobs()).hasSize(1);
        assertThat(runTimes("dyn")).containsExactly(at("2026-03-02T12:00:00Z"));
        TaskResult job = jqueue.getResult(withDynamic.publishedJobs().getFirst());
        assertThat(job.taskPath()).isEqualTo("test.count");
        assertThat(job.state()).isEqualTo(JobState.READY);
        assertThat(jobs()).isEqualTo(2);
        assertThat(unattachedOrMismatched()).isZero();
        assertThat(poll(true).publishedJobs()).as("nothing more is due").isEmpty();
    }

    // ------------------------------------------------------------------ firing

    @Test
    void onlyTheLatestMissedTickFiresAfterDowntime() {
        jqueue.recurring().schedule("five", "test.count", "*/5 * * * *", List.of("f"));
        assertThat(poll(true).publishedJobs()).hasSize(1);
        assertThat(nextRunAt("five")).isEqualTo(at("2026-03-02T12:05:00Z"));

        clock.set(at("2026-03-02T13:07:10Z")); // twelve ticks missed
        assertThat(poll(true).publishedJobs()).hasSize(1);
        assertThat(runTimes("five")).containsExactly(at("2026-03-02T12:00:00Z"), at("2026-03-02T13:05:00Z"));
        assertThat(nextRunAt("five")).isEqualTo(at("2026-03-02T13:10:00Z"));
        assertThat(jobs()).isEqualTo(2);

        clock.set(at("2026-03-02T13:09:59Z"));
        assertThat(poll(true).tasksExamined()).isZero();
        clock.set(at("2026-03-02T13:10:00Z"));
        assertThat(poll(true).publishedJobs()).hasSize(1);
        assertThat(runTimes("five")).hasSize(3).last().isEqualTo(at("2026-03-02T13:10:00Z"));
    }

    @Test
    void aTickThatIsNotOnTheScheduleIsNotFired() {
        jqueue.recurring().schedule("five", "test.count", "*/5 * * * *", List.of("f"));
        assertThat(firing().fire("five", at("2026-03-02T12:01:00Z"))).isEmpty();
        assertThat(firing().fire("five", at("2026-03-02T12:00:00.5Z"))).isEmpty();
        assertThat(firing().fire("missing", at("2026-03-02T12:00:00Z"))).isEmpty();
        assertThat(reservations()).isZero();
        assertThat(firing().fire("five", at("2026-03-02T12:00:00Z"))).isPresent();
        assertThat(firing().fire("five", at("2026-03-02T12:00:00Z"))).as("the same tick again").isEmpty();
        assertThat(jobs()).isEqualTo(1);
    }

    @Test
    void aCrashBetweenReservationAndPublicationIsRepairedByTheNextPoll() {
        jqueue.recurring().schedule("tick", "test.count", "* * * * *", List.of("t"));
        Reservation reservation = firing().reserve("tick", at("2026-03-02T12:00:00Z")).orElseThrow();
        // the scheduler dies here: a reservation without a job, nothing claimable
        assertThat(reservations()).isEqualTo(1);
        assertThat(jobs()).isZero();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_ready_executions")).isZero();
        assertThat(nextRunAt("tick")).isEqualTo(at("2026-03-02T12:01:00Z"));

        clock.advance(Duration.ofSeconds(10)); // a later poll, before the next tick
        RecurringFiring.Outcome repaired = poll(true);
        assertThat(repaired.publishedJobs()).containsExactly(reservation.intendedJobId());
        assertThat(jobs()).isEqualTo(1);
        assertThat(reservations()).isEqualTo(1);
        assertThat(unattachedOrMismatched()).isZero();
        TaskResult job = jqueue.getResult(reservation.intendedJobId());
        assertThat(job.state()).isEqualTo(JobState.READY);

        assertThat(poll(true).publishedJobs()).isEmpty();
        assertThat(firing().publish(reservation)).as("publishing twice does nothing").isEmpty();
        assertThat(jobs()).isEqualTo(1);
    }

    @Test
    void aReservationIsOnlyEverAttachedToItsIntendedJob() throws SQLException {
        jqueue.recurring().schedule("tick", "test.count", "* * * * *", List.of("t"));
        Reservation reservation = firing().reserve("tick", at("2026-03-02T12:00:00Z")).orElseThrow();
        UUID other = jqueue.enqueue("test.count", "other").id();
        try (Connection connection = dataSource.getConnection()) {
            assertThat(jqueue.recurring().store().attach(connection, reservation.executionId(), other))
                    .as("attaching another job writes nothing").isZero();
        }
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_recurring_executions WHERE job_id IS NULL")).isEqualTo(1);

        // Written behind the engine's back: PostgreSQL and SQLite refuse it with a CHECK; the
        // MySQL family cannot have that CHECK beside the cascading foreign key (MySQL 8.0.16+
        // refuses the pair), so there the row is stored and counted as mismatched (deep health).
        String forge = "UPDATE jqueue_recurring_executions SET job_id = '" + other + "'";
        if (database().family() == TestDatabase.Family.MYSQL) {
            dev.jqueue.testing.TestSql.execute(dataSource, forge);
            assertThat(unattachedOrMismatched()).isEqualTo(1);
        } else {
            assertThatThrownBy(() -> dev.jqueue.testing.TestSql.execute(dataSource, forge))
                    .hasStackTraceContaining("jqueue_re_job_matches_intended");
        }
    }

    @Test
    void anExistingJobWithTheIntendedIdMustMatchTheReservation() {
        jqueue.recurring().schedule("tick", "test.count", "* * * * *", List.of("t"));
        Reservation first = firing().reserve("tick", at("2026-03-02T12:00:00Z")).orElseThrow();
        Instant now = clock.instant();
        // a job under the intended id with other arguments: refused
        Job impostor = jqueue.enqueue.prepare(EnqueueRequest.of("test.count", "other"), first.intendedJobId(), now);
        jqueue.enqueue.write(List.of(impostor), now);
        assertThatThrownBy(() -> firing().publish(first)).isInstanceOf(EnqueueError.class)
                .hasMessage("intended recurring job metadata does not match reservation");
        assertThat(unattachedOrMismatched()).isEqualTo(1);

        // a job exactly like the one the reservation would publish is adopted
        clock.set(at("2026-03-02T12:01:05Z"));
        Reservation second = firing().reserve("tick", at("2026-03-02T12:01:00Z")).orElseThrow();
        Job twin = jqueue.enqueue.prepare(EnqueueRequest.of("test.count", "t").with(EnqueueOptions.onQueue("default")),
                second.intendedJobId(), clock.instant());
        jqueue.enqueue.write(List.of(twin), clock.instant());
        assertThat(firing().publish(second)).contains(second.intendedJobId());
        assertThat(jobs()).isEqualTo(2);
    }

    @Test
    void firingATickAgainAfterItsJobRanAndWasDeletedCreatesNothing() {
        jqueue.recurring().schedule("tick", "test.count", "* * * * *", List.of("t"));
        Instant tick = at("2026-03-02T12:00:00Z");
        UUID id = firing().fire("tick", tick).orElseThrow();
        assertThat(jqueue.jobs().discard(id)).isTrue(); // the job is gone (its reservation goes with it)
        assertThat(jobs()).isZero();

        assertThat(firing().fire("tick", tick)).isEmpty();
        assertThat(poll(true).publishedJobs()).isEmpty();
        assertThat(jobs()).isZero();
        assertThat(runTimes("tick")).isEmpty();
    }

    @Test
    void twoSchedulersFiringTheSameTicksCreateOneReservationAndOneJobEach() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite serializes writers (every transaction starts with "
                + "BEGIN IMMEDIATE), so two schedulers cannot overlap and there is no race to test");
        int taskCount = 20;
        for (int i = 0; i < taskCount; i++) {
            jqueue.recurring().schedule("task-" + i, "test.count", "* * * * *", List.of("t" + i));
        }
        Backend a = backend("default", List.of());
        Backend b = backend("default", List.of());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<UUID> published = new ArrayList<>();
        int rounds = 5;
        try {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                Instant now = START.plus(Duration.ofMinutes(round));
                List<Future<RecurringFiring.Outcome>> outcomes = new ArrayList<>();
                for (Backend scheduler : List.of(a, b)) {
                    outcomes.add(threads.submit(() -> {
                        barrier.await(10, TimeUnit.SECONDS);
                        return scheduler.recurring().firing().fireDue(now, true, RecurringFiring.BATCH_SIZE);
                    }));
                }
                for (Future<RecurringFiring.Outcome> outcome : outcomes) {
                    published.addAll(outcome.get(60, TimeUnit.SECONDS).publishedJobs());
                }
            }
            // a direct race on one tick
            Instant tick = START.plus(Duration.ofMinutes(rounds)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            CyclicBarrier barrier = new CyclicBarrier(2);
            List<Future<Optional<UUID>>> fires = new ArrayList<>();
            for (Backend scheduler : List.of(a, b)) {
                fires.add(threads.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return scheduler.recurring().firing().fire("task-0", tick);
                }));
            }
            int winners = 0;
            for (Future<Optional<UUID>> fire : fires) {
                Optional<UUID> id = fire.get(60, TimeUnit.SECONDS);
                if (id.isPresent()) {
                    winners++;
                    published.add(id.get());
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        long expected = (long) taskCount * rounds + 1;
        assertThat(published).hasSize((int) expected).doesNotHaveDuplicates();
        assertThat(reservations()).isEqualTo(expected);
        assertThat(jobs()).isEqualTo(expected);
        assertThat(unattachedOrMismatched()).isZero();
        assertThat(count(dataSource, "SELECT COUNT(DISTINCT task_key) FROM jqueue_recurring_executions")).isEqualTo(taskCount);
    }

    @Test
    void aPollOverTenThousandTasksNoneDueFiresNothingWithOneQuery() throws SQLException {
        Dialect dialect = jqueue.context().dialect;
        Instant future = at("2026-03-03T00:00:00Z");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO jqueue_recurring_tasks (backend_alias, "
                    + k() + ", task_path, payload, schedule, queue_name, priority, description, static, next_run_at, "
                    + "created_at, updated_at) VALUES ('default', ?, 'test.count', " + dialect.jsonParam()
                    + ", '@daily', 'default', 0, '', ?, ?, ?, ?)")) {
                for (int i = 0; i < 10_000; i++) {
                    ps.setString(1, "scale-" + i);
                    ps.setString(2, "{\"args\": [\"s" + i + "\"]}");
                    ps.setBoolean(3, i % 2 == 0);
                    dialect.setInstant(ps, 4, future);
                    dialect.setInstant(ps, 5, START);
                    dialect.setInstant(ps, 6, START);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
            }
            connection.commit();
        }
        StatementCounter counter = new StatementCounter(dataSource);
        Backend counted = BackendBuilder.on(counter).dialect(dialect).tasks(tasks).migrate(false).clock(clock).build();

        counter.reset();
        RecurringFiring.Outcome outcome = counted.recurring().firing().fireDue(START, true, RecurringFiring.BATCH_SIZE);
        assertThat(outcome.tasksExamined()).isZero();
        assertThat(outcome.publishedJobs()).isEmpty();
        assertThat(counter.statements()).as("statements for a poll where nothing is due").isEqualTo(1);
        assertThat(jobs()).isZero();
        assertThat(reservations()).isZero();

        // once they are all due, a poll takes one batch (static ones only, here)
        clock.set(future.plusSeconds(1));
        RecurringFiring.Outcome staticOnly = counted.recurring().firing().fireDue(future.plusSeconds(1), false, 2);
        assertThat(staticOnly.tasksExamined()).isEqualTo(2);
        assertThat(staticOnly.publishedJobs()).hasSize(2);
    }

    // ------------------------------------------------------------------ runtime

    @Test
    void theSchedulerStartsOnlyWithRecurringWork() {
        BackendProperties none = BackendProperties.defaults().withRetention(null, null, null);
        BackendProperties withStatic = none.withScheduler(SchedulerProperties.defaults(),
                Map.of("s", task("test.count", "@daily", "s")));
        BackendProperties withDynamic = none.withScheduler(new SchedulerProperties(true, Duration.ofSeconds(5)), Map.of());

        assertThat(kinds(Topology.runners(jqueue, none, false, false))).doesNotContain("Scheduler");
        assertThat(kinds(Topology.runners(jqueue, withStatic, false, false))).contains("Scheduler");
        assertThat(kinds(Topology.runners(jqueue, withDynamic, false, false))).contains("Scheduler");
        assertThat(kinds(Topology.runners(jqueue, withStatic, false, false, true))).doesNotContain("Scheduler");
        assertThat(kinds(Topology.runners(jqueue, withStatic, true, false))).doesNotContain("Scheduler");
        assertThat(kinds(Topology.runners(jqueue, withStatic, false, true))).containsExactly("Dispatcher");
        assertThat(kinds(Topology.runners(jqueue, Topology.withoutRecurring(withStatic), false, false)))
                .doesNotContain("Scheduler");
        Runner scheduler = Topology.runners(jqueue, withStatic, false, false).stream()
                .filter(r -> r instanceof Scheduler).findFirst().orElseThrow();
        assertThat(scheduler.name()).isEqualTo("scheduler-1");
        assertThat(scheduler.metadata()).containsEntry("dynamic_tasks_enabled", false)
                .containsEntry("polling_interval", 5.0).containsEntry("static_task_count", 1)
                .containsEntry("cleanup_enabled", false);
        assertThat(Topology.forkNames(none, false, false)).doesNotContain("scheduler-1");
        assertThat(Topology.forkNames(withStatic, false, false)).startsWith("scheduler-1");
    }

    @Test
    void aRetentionSettingAloneStartsTheScheduler() {
        BackendProperties none = BackendProperties.defaults().withRetention(null, null, null);
        List<BackendProperties> cleaning = List.of(BackendProperties.defaults(), // clear-finished-jobs-after is 1d
                none.withRetention(null, Duration.ofDays(7), null), none.withRetention(null, null, Duration.ofDays(7)),
                none.withPreserveFinishedJobs(false).withRetention(null, Duration.ZERO, null));
        for (BackendProperties properties : cleaning) {
            assertThat(Topology.hasRecurringWork(properties)).isTrue();
            assertThat(Topology.forkNames(properties, false, false)).startsWith("scheduler-1");
            Runner scheduler = Topology.runners(jqueue, properties, false, false).getFirst();
            assertThat(scheduler.kind()).isEqualTo("Scheduler");
            assertThat(scheduler.metadata()).containsEntry("cleanup_enabled", true).containsEntry("static_task_count", 0);
            assertThat(kinds(Topology.runners(jqueue, properties, true, false))).doesNotContain("Scheduler");
            assertThat(kinds(Topology.runners(jqueue, properties, false, false, true))).doesNotContain("Scheduler");
            assertThat(kinds(Topology.runners(jqueue, Topology.withoutRecurring(properties), false, false)))
                    .as("--skip-recurring leaves the scheduler, and so its cleanup, out").doesNotContain("Scheduler");
        }
        // finished jobs are deleted on completion without preserve-finished-jobs: nothing for a scheduler to clear
        BackendProperties notPreserved = BackendProperties.defaults().withPreserveFinishedJobs(false);
        assertThat(Scheduler.cleanupEnabled(notPreserved)).isFalse();
        assertThat(kinds(Topology.runners(jqueue, notPreserved, false, false))).doesNotContain("Scheduler");
        assertThat(Topology.forkNames(notPreserved, false, false)).doesNotContain("scheduler-1");
    }

    /** A job finished at {@code at} (on the mutable clock). */
    UUID finishedAt(String value, Instant at) {
        clock.set(at);
        UUID id = jqueue.enqueue(EnqueueOptions.onQueue("done-" + value), "test.echo", value).id();
        Job job = jqueue.claim.claim(null, dev.jqueue.state.QueueSelector.parse(List.of("done-" + value)), 1).getFirst();
        jqueue.completion.complete(List.of(new dev.jqueue.state.ClaimedExecution.Completion(job.id(), "null")));
        assertThat(jqueue.getResult(id).state()).isEqualTo(JobState.FINISHED);
        return id;
    }

    @Test
    void aSchedulerWithRetentionDeletesOldFinishedJobsAndReservationsAndKeepsYoungOnes() throws Exception {
        UUID old = finishedAt("old", START.minus(Duration.ofHours(1)));
        UUID young = finishedAt("young", START);
        jqueue.recurring().schedule("tick", "test.count", "* * * * *", List.of("t"));
        UUID oldTickJob = firing().fire("tick", at("2026-03-02T11:00:00Z")).orElseThrow();
        UUID youngTickJob = firing().fire("tick", at("2026-03-02T12:00:00Z")).orElseThrow();
        clock.set(START);
        BackendProperties properties = BackendProperties.defaults()
                .withScheduler(new SchedulerProperties(false, Duration.ofMillis(50)), Map.of())
                .withRetention(Duration.ofSeconds(1), null, Duration.ofMinutes(10));
        Scheduler scheduler = (Scheduler) Topology.runners(jqueue, properties, false, false).getFirst();
        assertThat(scheduler.metadata()).containsEntry("cleanup_enabled", true);

        scheduler.start(0);
        try {
            await("the old finished job to be deleted", () -> jqueue.findResult(old).isEmpty());
            await("the old reservation to be deleted", () -> runTimes("tick").size() == 1);
            clock.set(START.plus(Duration.ofHours(1))); // everything is old now, but the next pass is a minute away
            Thread.sleep(300); // several polls
        } finally {
            scheduler.requestStop();
            assertThat(scheduler.awaitStop(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(jqueue.findResult(young)).as("finished less than a second before the pass").isPresent();
        assertThat(runTimes("tick")).containsExactly(at("2026-03-02T12:00:00Z"));
        assertThat(jqueue.findResult(oldTickJob)).as("a cleared reservation leaves its job alone").isPresent();
        assertThat(jqueue.findResult(youngTickJob)).isPresent();
        assertThat(jobs()).isEqualTo(3);
    }

    static List<String> kinds(List<Runner> runners) {
        return runners.stream().map(Runner::kind).toList();
    }

    @Test
    void aSupervisedSchedulerSyncsStaticTasksAndFiresThem() throws Exception {
        jqueue.recurring().schedule("dyn", "test.count", "* * * * *", List.of("dynamic-ran"));
        BackendProperties properties = BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("*"), 2, 1, Duration.ofMillis(20), 2, false)))
                .withDispatchers(List.of(new DispatcherProperties(100, Duration.ofMillis(50))))
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(300), Duration.ofSeconds(5))
                .withScheduler(new SchedulerProperties(false, Duration.ofMillis(50)),
                        Map.of("every-minute", task("test.count", "* * * * *", "static-ran")));
        Supervisor supervisor = BackendBuilder.supervisor(jqueue, properties);
        supervisors.add(supervisor);
        supervisor.start();

        await("the static task's job to run", () -> tasks.runs.containsKey("static-ran"));
        assertThat(jqueue.recurring().find("every-minute").orElseThrow().isStatic()).isTrue();
        assertThat(processMetadata("Scheduler")).contains("\"static_task_count\"").contains("\"dynamic_tasks_enabled\"");
        assertThat(processMetadata("Supervisor")).containsPattern("\"has_scheduler\"\\s*:\\s*true");
        Thread.sleep(300); // several scheduler polls
        assertThat(tasks.runs).doesNotContainKey("dynamic-ran");
        assertThat(runTimes("dyn")).isEmpty();
        assertThat(runTimes("every-minute")).containsExactly(at("2026-03-02T12:00:00Z"));
        assertThat(tasks.runs.get("static-ran").get()).isEqualTo(1);
    }

    @Test
    void aStaticConfigurationTheSchedulerRefusesStopsTheStart() {
        jqueue.recurring().schedule("taken", "test.count", "* * * * *", List.of("d"));
        BackendProperties clash = BackendProperties.defaults().withScheduler(SchedulerProperties.defaults(),
                Map.of("taken", task("test.count", "@daily", "s")));
        Supervisor supervisor = BackendBuilder.supervisor(jqueue, clash);
        supervisors.add(supervisor);
        assertThatThrownBy(supervisor::start).isInstanceOf(EnqueueError.class)
                .hasMessage("recurring task key 'taken' is already scheduled dynamically");
        supervisor.stop();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes")).isZero();

        BackendProperties invalid = BackendProperties.defaults().withScheduler(SchedulerProperties.defaults(),
                Map.of("broken", task("test.count", "every day", "s")));
        Supervisor second = BackendBuilder.supervisor(jqueue, invalid);
        supervisors.add(second);
        assertThatThrownBy(second::start).isInstanceOf(EnqueueError.class)
                .hasMessage("recurring task 'broken': schedule must be a valid cron expression");
        second.stop();
        Set<String> keys = new HashSet<>();
        jqueue.recurring().list().forEach(t -> keys.add(t.key()));
        assertThat(keys).containsExactly("taken");
    }
}
