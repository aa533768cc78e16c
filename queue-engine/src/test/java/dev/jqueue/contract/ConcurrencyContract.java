package dev.jqueue.contract;

import static dev.jqueue.testing.TestSql.await;
import static dev.jqueue.testing.TestSql.count;
import static dev.jqueue.testing.TestSql.execute;
import static dev.jqueue.testing.TestSql.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueError;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.TaskStatus;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.state.Semaphore;
import dev.jqueue.testing.LimitedTasks;
import dev.jqueue.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrency limits and retries: the same tests on every database. */
abstract class ConcurrencyContract {

    protected abstract TestDatabase database();

    HikariDataSource dataSource;
    LimitedTasks tasks;
    Backend jqueue;
    final List<Supervisor> supervisors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        tasks = new LimitedTasks();
        jqueue = BackendBuilder.on(dataSource).tasks(tasks).migrate(false).build();
    }

    @AfterEach
    void tearDown() {
        supervisors.forEach(Supervisor::stop);
    }

    Supervisor start(int workers, int threads) {
        List<WorkerProperties> pools = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            pools.add(new WorkerProperties(List.of("*"), threads, 1, Duration.ofMillis(20), 1, false));
        }
        Supervisor supervisor = BackendBuilder.supervisor(jqueue, BackendProperties.defaults().withWorkers(pools)
                .withDispatchers(List.of(new DispatcherProperties(100, Duration.ofMillis(50), true, Duration.ZERO)))
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(300), Duration.ofSeconds(10)));
        supervisor.start();
        supervisors.add(supervisor);
        return supervisor;
    }

    /** (value, limit, active_count) of a semaphore. */
    List<Integer> semaphore(String key) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT value, " + jqueue.context().dialect.quote("limit") + ", active_count FROM jqueue_semaphores WHERE "
                        + jqueue.context().dialect.quote("key") + " = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3)) : List.of();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String past(int seconds) {
        return timestamp(database(), Instant.now().minusSeconds(seconds));
    }

    // ------------------------------------------------------------------ semaphores

    int acquire(String key, int limit) {
        Semaphore semaphore = jqueue.context().semaphores;
        return jqueue.context().db.inTransaction(c -> semaphore.acquire(c, key, 1, limit, Duration.ofSeconds(60), Instant.now()));
    }

    @Test
    void semaphoreAcquireReconcilesChangedLimits() {
        assertThat(acquire("k", 1)).isEqualTo(1);
        assertThat(acquire("k", 1)).isZero();
        assertThat(acquire("k", 2)).as("raising the limit frees a slot").isEqualTo(1);
        assertThat(semaphore("k")).containsExactly(0, 2, 2);
        assertThat(acquire("k", 1)).as("lowering it while saturated").isZero();
        assertThat(semaphore("k")).containsExactly(0, 1, 1);
    }

    @Test
    void exactlyLimitWinnersWhenFiveThreadsRace() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite serializes writers; the race needs concurrent writers");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return acquire("race", 2);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Integer> result : results) {
            winners += result.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(2);
        assertThat(semaphore("race")).containsExactly(0, 2, 2);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_semaphores")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ enqueue

    @Test
    void aJobOverTheLimitIsBlockedAndStillReadsAsReady() {
        TaskResult first = jqueue.enqueue("limited", 1L, "a");
        TaskResult second = jqueue.enqueue("limited", 1L, "b");
        TaskResult otherAccount = jqueue.enqueue("limited", 2L, "c");

        assertThat(first.state()).isEqualTo(JobState.READY);
        assertThat(second.state()).isEqualTo(JobState.BLOCKED);
        assertThat(second.status()).isEqualTo(TaskStatus.READY);
        assertThat(jqueue.getResult(second.id()).state()).isEqualTo(JobState.BLOCKED);
        assertThat(otherAccount.state()).isEqualTo(JobState.READY);
        assertThat(semaphore("account:1")).containsExactly(0, 1, 1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_blocked_executions"
                + " WHERE concurrency_key = 'account:1'")).isEqualTo(1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs"
                + " WHERE concurrency_key = 'account:1' AND concurrency_limit = 1 "
                + "AND concurrency_duration = 60 AND concurrency_on_conflict = 'block'")).as("policy persisted").isEqualTo(2);
    }

    @Test
    void discardOnConflictFinishesTheJobWithoutAResult() {
        TaskResult kept = jqueue.enqueue("limited.discard", "nightly");
        TaskResult dropped = jqueue.enqueue("limited.discard", "nightly");

        assertThat(kept.state()).isEqualTo(JobState.READY);
        assertThat(dropped.status()).isEqualTo(TaskStatus.SUCCESSFUL);
        TaskResult stored = jqueue.getResult(dropped.id());
        assertThat(stored.state()).isEqualTo(JobState.FINISHED);
        assertThat(stored.returnValue()).isNull();
        assertThat(stored.finishedAt()).isNotNull();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_ready_executions")).isEqualTo(1);
    }

    @Test
    void invalidPoliciesAreRejectedWithTheReferenceMessages() {
        assertThatThrownBy(() -> jqueue.enqueue("limited.badKey", "x")).isInstanceOf(EnqueueError.class)
                .hasMessage("could not resolve concurrency_key");
        assertThatThrownBy(() -> jqueue.enqueue("limited.noLimit", "x"))
                .hasMessage("concurrency_limit is required when concurrency_key is set");
        assertThatThrownBy(() -> jqueue.enqueue("limited.badConflict", "x"))
                .hasMessage("on_conflict must be 'block' or 'discard'");
        assertThatThrownBy(() -> jqueue.enqueue("limited.badDuration", "x"))
                .hasMessage("concurrency_duration must be a positive integer");
        assertThatThrownBy(() -> jqueue.enqueue("limited.bare", ""))
                .hasMessage("concurrency_key must resolve to a non-empty string up to 255 chars");
        assertThat(jqueue.enqueue("limited.two", "g", "ok").state()).isEqualTo(JobState.READY);
        assertThatThrownBy(() -> jqueue.enqueue("limited.two", "g".repeat(300), "x"))
                .hasMessage("concurrency_key must resolve to a non-empty string up to 255 chars");
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs")).isEqualTo(1);
    }

    @Test
    void bulkEnqueueGivesSlotsInSubmissionOrderPerKey() {
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(EnqueueRequest.of("limited.two", "g", "g" + i));
            requests.add(EnqueueRequest.of("limited.two", "h", "h" + i));
        }
        List<TaskResult> results = jqueue.enqueueAll(requests);

        assertThat(results.stream().map(TaskResult::state).toList()).containsExactly(
                JobState.READY, JobState.READY, JobState.READY, JobState.READY, JobState.BLOCKED, JobState.BLOCKED,
                JobState.BLOCKED, JobState.BLOCKED, JobState.BLOCKED, JobState.BLOCKED);
        assertThat(semaphore("pair:g")).containsExactly(0, 2, 2);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_blocked_executions")).isEqualTo(6);
    }

    // ------------------------------------------------------------------ hand-off

    @Test
    void completionFailureAndDiscardHandTheSlotToTheNextWaiter() {
        UUID running = jqueue.enqueue("limited", 7L, "first").id();
        UUID low = jqueue.enqueue("limited", 7L, "low").id();
        UUID high = jqueue.enqueue(dev.jqueue.EnqueueOptions.defaults().priority(10), "limited", 7L, "high").id();
        UUID last = jqueue.enqueue("limited", 7L, "last").id();

        // success hands the slot to the highest-priority waiter
        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.ALL, 10);
        assertThat(claimed).extracting(Job::id).containsExactly(running);
        jqueue.completion.complete(List.of(new dev.jqueue.state.ClaimedExecution.Completion(running, "\"done\"")));
        assertThat(jqueue.getResult(high).state()).isEqualTo(JobState.READY);
        assertThat(semaphore("account:7").getFirst()).isZero();

        // failure hands it on too
        assertThat(jqueue.claim.claim(null, QueueSelector.ALL, 10)).extracting(Job::id).containsExactly(high);
        jqueue.completion.failWith(high, new IllegalStateException("boom"));
        assertThat(jqueue.getResult(low).state()).isEqualTo(JobState.READY);

        // discarding the ready job that holds the slot passes it on
        assertThat(jqueue.jobs().discardReady(List.of(low))).isEqualTo(1);
        assertThat(jqueue.getResult(last).state()).isEqualTo(JobState.READY);
        assertThat(semaphore("account:7").getFirst()).isZero();

        // the last release returns the slot
        assertThat(jqueue.claim.claim(null, QueueSelector.ALL, 10)).extracting(Job::id).containsExactly(last);
        jqueue.completion.complete(List.of(new dev.jqueue.state.ClaimedExecution.Completion(last, "null")));
        assertThat(semaphore("account:7")).containsExactly(1, 1, 0);
    }

    @Test
    void discardingABlockedJobLeavesTheSemaphoreAlone() {
        jqueue.enqueue("limited", 3L, "holder");
        UUID blocked = jqueue.enqueue("limited", 3L, "waiter").id();
        assertThat(jqueue.jobs().discardBlocked(List.of(blocked))).isEqualTo(1);
        assertThat(semaphore("account:3")).containsExactly(0, 1, 1);
    }

    @Test
    void aLoweredLimitKeepsTheWaiterBlocked() {
        jqueue.enqueue("limited.two", "k", "a");
        jqueue.enqueue("limited.two", "k", "b");
        UUID third = jqueue.enqueue("limited.two", "k", "c").id();
        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.ALL, 2);
        // the limit is lowered to 1 while both slots are held
        execute(dataSource, "UPDATE jqueue_jobs SET concurrency_limit = 1");

        jqueue.completion.complete(List.of(new dev.jqueue.state.ClaimedExecution.Completion(claimed.getFirst().id(), "1")));

        assertThat(jqueue.getResult(third).state()).isEqualTo(JobState.BLOCKED);
        assertThat(semaphore("pair:k")).containsExactly(0, 1, 1);
    }

    @Test
    void atMostLimitJobsOfAKeyRunAtOnceWithManyWorkers() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite serializes writers; 4 concurrent workers need concurrent writers");
        tasks.sleepMillis = 100;
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(jqueue.enqueue("limited", 42L, "job-" + i).id());
        }
        start(4, 2);

        await("all limited jobs to finish",
                () -> count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL") == 8);
        assertThat(tasks.maxActive.get()).isEqualTo(1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_blocked_executions")).isZero();
        assertThat(semaphore("account:42")).containsExactly(1, 1, 0);
    }

    // ------------------------------------------------------------------ maintenance

    @Test
    void maintenanceRemovesIdleExpiredSemaphoresAndPromotesExpiredWaiters() {
        jqueue.enqueue("limited", 5L, "holder");
        UUID waiter = jqueue.enqueue("limited", 5L, "waiter").id();
        execute(dataSource, "INSERT INTO jqueue_semaphores (" + jqueue.context().dialect.quote("key") + ", value, active_count, "
                + jqueue.context().dialect.quote("limit") + ", expires_at, created_at, updated_at) VALUES "
                + "('idle', 1, 0, 1, " + past(10) + ", " + past(100) + ", " + past(100) + ")");
        execute(dataSource, "UPDATE jqueue_semaphores SET expires_at = " + past(5));
        execute(dataSource, "UPDATE jqueue_blocked_executions SET expires_at = " + past(5));

        assertThat(jqueue.concurrency.cleanupExpiredSemaphores(100)).as("only the idle key goes").isEqualTo(1);
        assertThat(semaphore("account:5")).isNotEmpty();
        // the holder still has the slot: the waiter's expiry is extended
        assertThat(jqueue.promotion.promoteExpiredBlocked(100)).isZero();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_blocked_executions WHERE expires_at > " + past(0))).isEqualTo(1);

        // the holder vanishes without releasing (e.g. discarded as scheduled); once expired, the waiter gets the slot
        execute(dataSource, "UPDATE jqueue_semaphores SET value = 1, expires_at = " + past(5));
        execute(dataSource, "UPDATE jqueue_blocked_executions SET expires_at = " + past(5));
        assertThat(jqueue.promotion.promoteExpiredBlocked(100)).isEqualTo(1);
        assertThat(jqueue.getResult(waiter).state()).isEqualTo(JobState.READY);
        assertThat(semaphore("account:5").getFirst()).isZero();
    }

    // ------------------------------------------------------------------ retries

    @Test
    void automaticRetriesBackOffAndCountAttempts() throws Exception {
        // The policy, driven by hand through the worker's failure path: "flaky" retries IO errors
        // 3 attempts in all, backoff 100 ms doubling, no jitter, so the stored retry_at is exact.
        UUID manual = jqueue.enqueue("flaky", "by-hand").id();
        assertThat(failOnce(manual)).as("retry_at after attempt 1").isEqualTo(Duration.ofMillis(100));
        assertThat(jqueue.getResult(manual).state()).as("waiting for its retry").isEqualTo(JobState.FAILED);
        assertThat(jqueue.getResult(manual).attempts()).isEqualTo(1);
        await("the first retry to be due", () -> jqueue.jobActions.retryDue(10) == 1);
        assertThat(jqueue.getResult(manual).state()).isEqualTo(JobState.READY);
        assertThat(failOnce(manual)).as("retry_at after attempt 2: the backoff doubled").isEqualTo(Duration.ofMillis(200));
        await("the second retry to be due", () -> jqueue.jobActions.retryDue(10) == 1);
        assertThat(failOnce(manual)).as("attempt 3 of 3 is the last: no retry_at").isNull();
        assertThat(jqueue.getResult(manual).attempts()).isEqualTo(3);
        assertThat(jqueue.jobActions.retryDue(10)).isZero();

        // The same through a running worker.
        UUID id = jqueue.enqueue("flaky", "sync").id();
        UUID wrong = jqueue.enqueue("flaky.wrongError").id();
        start(1, 2);

        await("the flaky job to succeed", () -> jqueue.getResult(id).state() == JobState.FINISHED);
        TaskResult result = jqueue.getResult(id);
        assertThat(result.returnValue()).isEqualTo("sync after 3");
        assertThat(result.attempts()).isEqualTo(3);
        await("the other job to fail", () -> jqueue.getResult(wrong).state() == JobState.FAILED);
        Thread.sleep(300);
        TaskResult notRetried = jqueue.getResult(wrong);
        assertThat(notRetried.state()).isEqualTo(JobState.FAILED);
        assertThat(notRetried.attempts()).isEqualTo(1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_failed_executions WHERE retry_at IS NOT NULL")).isZero();
    }

    /**
     * Claims {@code id} and fails it with an IO error as a worker would; returns its stored
     * retry_at minus the failure's created_at, or null when no retry was scheduled.
     */
    Duration failOnce(UUID id) {
        Job job = jqueue.claim.claim(null, QueueSelector.ALL, 1).getFirst();
        assertThat(job.id()).isEqualTo(id);
        assertThat(jqueue.completion.failAttempt(job, UncheckedIOException.class.getName(),
                new UncheckedIOException(new IOException("attempt " + (job.attempts() + 1) + " failed")))).isTrue();
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT retry_at, created_at FROM jqueue_failed_executions WHERE job_id = ?")) {
            jqueue.context().dialect.setUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a failed row for " + id).isTrue();
                Instant retryAt = jqueue.context().dialect.getInstant(rs, "retry_at");
                return retryAt == null ? null : Duration.between(jqueue.context().dialect.getInstant(rs, "created_at"), retryAt);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aScheduledRetryRunsWhenItsTimeComes() throws Exception {
        UUID id = jqueue.enqueue("limited.fail", 9L).id();
        jqueue.claim.claim(null, QueueSelector.ALL, 1);
        jqueue.completion.failWith(id, new IllegalStateException("first"));
        assertThat(semaphore("account:9").getFirst()).as("the failure released the slot").isEqualTo(1);

        jqueue.jobs().scheduleRetry(id, Instant.now().plusMillis(300));
        assertThat(jqueue.getResult(id).state()).isEqualTo(JobState.FAILED);
        assertThatThrownBy(() -> jqueue.jobs().scheduleRetry(UUID.randomUUID(), Instant.now()))
                .hasMessage("job is not failed");
        assertThatThrownBy(() -> jqueue.jobs().scheduleRetry(id, null)).hasMessage("retry_at is required");

        Thread.sleep(400);
        assertThat(jqueue.jobActions.retryDue(10)).isEqualTo(1);
        assertThat(jqueue.getResult(id).state()).as("retried through dispatch: it takes the slot again").isEqualTo(JobState.READY);
        assertThat(semaphore("account:9").getFirst()).isZero();
    }
}
