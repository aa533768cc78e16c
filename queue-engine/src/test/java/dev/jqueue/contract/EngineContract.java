package dev.jqueue.contract;

import static dev.jqueue.testing.TestSql.count;
import static dev.jqueue.testing.TestSql.execute;
import static dev.jqueue.testing.TestSql.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.BackendStats;
import dev.jqueue.EnqueueError;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JobState;
import dev.jqueue.NoSuchJobException;
import dev.jqueue.TaskResult;
import dev.jqueue.TaskStatus;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.RuntimeMode;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestSql;
import dev.jqueue.testing.TestTasks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine contract: the same tests on every supported database. Each subclass names a
 * database; everything else is shared, so the databases cannot drift apart.
 */
abstract class EngineContract {

    protected abstract TestDatabase database();

    protected HikariDataSource dataSource;
    protected TestTasks tasks;
    protected Backend jqueue;
    private final List<Supervisor> supervisors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        tasks = new TestTasks();
        jqueue = backend(List.of(), true);
    }

    @AfterEach
    void tearDown() {
        tasks.gate.countDown();
        supervisors.forEach(Supervisor::stop);
    }

    Backend backend(List<String> allowedQueues, boolean preserveFinished) {
        return BackendBuilder.on(dataSource).tasks(tasks).migrate(false)
                .settings(new BackendContext.Settings(allowedQueues, preserveFinished, false)).build();
    }

    Supervisor startSupervisor(Backend backend, int threads, Duration shutdownTimeout) {
        BackendProperties properties = BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("*"), threads, 1, Duration.ofMillis(20), 2, false)))
                .withDispatchers(List.of(new DispatcherProperties(100, Duration.ofMillis(50))))
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(300), shutdownTimeout)
                .withRetention(null, null, null); // no retention, so no scheduler: a worker and a dispatcher
        Supervisor supervisor = BackendBuilder.supervisor(backend, properties);
        supervisor.start();
        supervisors.add(supervisor);
        return supervisor;
    }

    // ------------------------------------------------------------------ helpers

    long jobs() {
        return count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs");
    }

    /** Rows in all five execution tables. */
    long executionRows() {
        return count(dataSource, "SELECT (SELECT COUNT(*) FROM jqueue_ready_executions)"
                + " + (SELECT COUNT(*) FROM jqueue_scheduled_executions)"
                + " + (SELECT COUNT(*) FROM jqueue_claimed_executions) + (SELECT COUNT(*) FROM jqueue_blocked_executions)"
                + " + (SELECT COUNT(*) FROM jqueue_failed_executions)");
    }

    List<String> claimedValues(List<Job> claimed) {
        return claimed.stream().map(job -> jqueue.context().codec.storedArguments(job.payload()).getFirst().toString()).toList();
    }

    void await(String what, BooleanSupplier condition) throws InterruptedException {
        TestSql.await(what, condition, () -> "; jobs: " + describeJobs());
    }

    String describeJobs() {
        StringBuilder out = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, task_path FROM jqueue_jobs")) {
            while (rs.next()) {
                UUID id = UUID.fromString(rs.getString(1));
                out.append(rs.getString(2)).append('=').append(jqueue.findResult(id).map(r -> r.state() + " "
                        + r.errors()).orElse("?")).append("; ");
            }
        } catch (SQLException e) {
            out.append(e);
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ enqueue and results

    @Test
    void enqueueWritesAReadyJobAndReturnsItsPersistedId() {
        TaskResult result = jqueue.enqueue("test.echo", "hello");

        assertThat(result.status()).isEqualTo(TaskStatus.READY);
        TaskResult stored = jqueue.getResult(result.id());
        assertThat(stored.state()).isEqualTo(JobState.READY);
        assertThat(stored.taskPath()).isEqualTo("test.echo");
        assertThat(stored.queueName()).isEqualTo("default");
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_ready_executions")).isEqualTo(1);
    }

    @Test
    void typeSafeEnqueueRecordsTheCallWithoutRunningIt() {
        TaskResult result = jqueue.enqueue(TestTasks.class, t -> t.add(2, 40));
        TaskResult copied = jqueue.enqueue(TestTasks.class, EnqueueOptions.onQueue("math").priority(9),
                t -> t.order(new TestTasks.Order("sku-1", 3, List.of("a"))));

        assertThat(tasks.runs).isEmpty();
        assertThat(result.taskPath()).isEqualTo("test.add");
        assertThat(copied.queueName()).isEqualTo("math");
        assertThat(copied.priority()).isEqualTo(9);
        assertThat(jqueue.getResult(result.id()).state()).isEqualTo(JobState.READY);
    }

    @Test
    void taskAnnotationDefaultsApplyAndDefaultPathIsClassAndMethod() {
        TaskResult other = jqueue.enqueue(TestTasks.class, TestTasks::onOtherQueue);
        TaskResult byDefaultPath = jqueue.enqueue(TestTasks.class.getName() + ".average", List.of(1.0, 2.0));

        assertThat(other.queueName()).isEqualTo("other");
        assertThat(other.priority()).isEqualTo(7);
        assertThat(byDefaultPath.taskPath()).isEqualTo("dev.jqueue.testing.TestTasks.average");
    }

    @Test
    void invalidEnqueuesFailWithTheReferenceMessagesAndWriteNothing() {
        Backend restricted = backend(List.of("default", "mail"), true);

        assertThatThrownBy(() -> restricted.enqueue(EnqueueOptions.onQueue("reports"), "test.echo", "x"))
                .isInstanceOf(EnqueueError.class).hasMessage("queue 'reports' is not allowed for backend 'default'");
        assertThatThrownBy(() -> jqueue.enqueue(EnqueueOptions.defaults().priority(101), "test.echo", "x"))
                .isInstanceOf(EnqueueError.class).hasMessage("priority must be an integer from -100 to 100");
        assertThatThrownBy(() -> jqueue.enqueue(EnqueueOptions.defaults().priority(-101), "test.echo", "x"))
                .hasMessage("priority must be an integer from -100 to 100");
        assertThatThrownBy(() -> jqueue.enqueue(TestTasks.class.getName() + ".average", List.of(Double.NaN)))
                .isInstanceOf(EnqueueError.class).hasMessageStartingWith("payload must be JSON round-trippable")
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> jqueue.enqueue("test.echo", new TestTasks.Opaque()))
                .isInstanceOf(EnqueueError.class).hasMessageStartingWith("payload must be JSON round-trippable");
        assertThatThrownBy(() -> jqueue.enqueue("test.echo", 12))
                .isInstanceOf(EnqueueError.class).hasMessageContaining("argument 1 (value) of test.echo");
        assertThatThrownBy(() -> jqueue.enqueue("test.add", 1))
                .isInstanceOf(EnqueueError.class).hasMessageContaining("takes 2 argument(s) [a, b] but 1 were given");
        assertThatThrownBy(() -> jqueue.enqueue("no.such.task"))
                .isInstanceOf(EnqueueError.class).hasMessageContaining("task 'no.such.task' is not registered");
        assertThatThrownBy(() -> jqueue.enqueue(EnqueueOptions.onQueue(""), "test.echo", "x"))
                .isInstanceOf(EnqueueError.class).hasMessageContaining("queue name must be a non-empty string");

        assertThat(jobs()).isZero();
        assertThat(executionRows()).isZero();
    }

    @Test
    void runAfterInTheFutureSchedulesAndInThePastIsReady() {
        TaskResult later = jqueue.enqueue(EnqueueOptions.defaults().runAfter(Duration.ofHours(1)), "test.echo", "later");
        TaskResult past = jqueue.enqueue(EnqueueOptions.defaults().runAt(Instant.now().minusSeconds(5)), "test.echo", "past");

        assertThat(jqueue.getResult(later.id()).state()).isEqualTo(JobState.SCHEDULED);
        assertThat(jqueue.getResult(later.id()).status()).isEqualTo(TaskStatus.READY);
        assertThat(jqueue.getResult(past.id()).state()).isEqualTo(JobState.READY);
    }

    @Test
    void timestampsKeepTheirMicroseconds() {
        // Backoffs, heartbeats and FIFO order all live below a second; every driver must keep that.
        Instant at = Instant.parse("2031-02-03T04:05:06.123456Z");
        UUID id = jqueue.enqueue(EnqueueOptions.defaults().runAt(at), "test.echo", "precise").id();
        assertThat(jqueue.getResult(id).scheduledAt()).isEqualTo(at);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs WHERE scheduled_at > "
                + timestamp(database(), at.minusNanos(1_000)) + " AND scheduled_at < " + timestamp(database(), at.plusNanos(1_000))))
                .as("stored with its microseconds").isEqualTo(1);
    }

    @Test
    void getResultReportsEveryState() throws Exception {
        TaskResult finished = runOne("test.echo", "done");
        TaskResult failed = runOne("test.fail", "boom");
        UUID ready = jqueue.enqueue("test.echo", "r").id();
        UUID scheduled = jqueue.enqueue(EnqueueOptions.defaults().runAfter(Duration.ofHours(1)), "test.echo", "s").id();

        assertThat(jqueue.getResult(ready).status()).isEqualTo(TaskStatus.READY);
        assertThat(jqueue.getResult(scheduled).state()).isEqualTo(JobState.SCHEDULED);
        jqueue.jobs().discardReady(List.of(ready));
        assertThat(finished.status()).isEqualTo(TaskStatus.SUCCESSFUL);
        assertThat(finished.returnValue()).isEqualTo("done");
        assertThat(finished.finishedAt()).isNotNull();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.lastError().orElseThrow().exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.lastError().orElseThrow().message()).isEqualTo("boom");
        assertThat(failed.lastError().orElseThrow().stackTrace()).contains("IllegalStateException: boom", "TestTasks.fail");

        // claimed: RUNNING with the worker's process name
        tasks.gate = new CountDownLatch(1);
        UUID running = jqueue.enqueue("test.wait", "held").id();
        startSupervisor(jqueue, 1, Duration.ofSeconds(5));
        await("the job to start", () -> tasks.started.getCount() == 0);
        TaskResult claimed = jqueue.getResult(running);
        assertThat(claimed.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(claimed.workerNames()).containsExactly("worker-1");
        assertThat(claimed.startedAt()).isNotNull();
        tasks.gate.countDown();
        await("the held job to finish", () -> jqueue.getResult(running).status() == TaskStatus.SUCCESSFUL);

        assertThatThrownBy(() -> jqueue.getResult(UUID.randomUUID())).isInstanceOf(NoSuchJobException.class);
        // Isolation: another backend on the same tables does not see this backend's jobs, which exist.
        Backend other = BackendBuilder.on(dataSource).alias("secondary").tasks(tasks).migrate(false).build();
        for (UUID mine : List.of(finished.id(), failed.id(), scheduled, running)) {
            assertThat(jqueue.findResult(mine)).as("job %s in its own backend", mine).isPresent();
            assertThat(other.findResult(mine)).as("job %s from another backend", mine).isEmpty();
        }
    }

    /** Enqueues one job, claims it and executes it through a worker, returns the stored result. */
    TaskResult runOne(String taskPath, Object... args) throws InterruptedException {
        UUID id = jqueue.enqueue(taskPath, args).id();
        Supervisor supervisor = startSupervisor(jqueue, 1, Duration.ofSeconds(5));
        await("job " + id + " to finish", () -> {
            JobState state = jqueue.getResult(id).state();
            return state == JobState.FINISHED || state == JobState.FAILED;
        });
        supervisor.stop();
        supervisors.remove(supervisor);
        return jqueue.getResult(id);
    }

    // ------------------------------------------------------------------ claiming

    @Test
    void claimsHigherPriorityFirstThenFifo() {
        for (String[] job : new String[][]{{"a", "0"}, {"b", "10"}, {"c", "0"}, {"d", "10"}, {"e", "-5"}}) {
            jqueue.enqueue(EnqueueOptions.defaults().priority(Integer.parseInt(job[1])), "test.echo", job[0]);
        }

        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.ALL, 10);

        assertThat(claimedValues(claimed)).containsExactly("b", "d", "a", "c", "e");
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_claimed_executions")).isEqualTo(5);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_ready_executions")).isZero();
    }

    @Test
    void selectorOrderBeatsPriorityAndPrefixesMatch() {
        jqueue.enqueue(EnqueueOptions.onQueue("default").priority(100), "test.echo", "default-high");
        jqueue.enqueue(EnqueueOptions.onQueue("mailers").priority(1), "test.echo", "mailers-low");
        jqueue.enqueue(EnqueueOptions.onQueue("mail_digest").priority(50), "test.echo", "digest-high");
        jqueue.enqueue(EnqueueOptions.onQueue("alpha").priority(-10), "test.echo", "alpha-low");
        jqueue.enqueue(EnqueueOptions.onQueue("zeta").priority(0), "test.echo", "zeta");

        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.parse(List.of("alpha", "mail*", "*")), 10);

        assertThat(claimedValues(claimed)).containsExactly("alpha-low", "digest-high", "mailers-low", "default-high", "zeta");
    }

    @Test
    void exactSelectorsClaimOnlyTheirQueuesAndRespectTheLimit() {
        for (int i = 0; i < 3; i++) {
            jqueue.enqueue(EnqueueOptions.onQueue("email"), "test.echo", "e" + i);
            jqueue.enqueue(EnqueueOptions.onQueue("default").priority(50), "test.echo", "d" + i);
            jqueue.enqueue(EnqueueOptions.onQueue("ignored"), "test.echo", "i" + i);
        }

        List<Job> first = jqueue.claim.claim(null, QueueSelector.parse(List.of("email", "default")), 4);
        List<Job> second = jqueue.claim.claim(null, QueueSelector.parse(List.of("email", "default")), 10);

        assertThat(claimedValues(first)).containsExactly("e0", "e1", "e2", "d0");
        assertThat(claimedValues(second)).containsExactly("d1", "d2");
        assertThat(jqueue.queue("ignored").size()).isEqualTo(3);
    }

    @Test
    void pauseBlocksClaimingButNotEnqueueingAndResumeRestoresIt() {
        jqueue.enqueue(EnqueueOptions.onQueue("reports"), "test.echo", "r1");
        jqueue.queue("reports").pause();
        jqueue.enqueue(EnqueueOptions.onQueue("reports"), "test.echo", "r2");
        jqueue.enqueue(EnqueueOptions.onQueue("default"), "test.echo", "d1");

        assertThat(jqueue.queue("reports").paused()).isTrue();
        assertThat(jqueue.queue("reports").latency()).isEmpty();
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 10))).containsExactly("d1");
        assertThat(jqueue.queue("reports").size()).isEqualTo(2);

        assertThat(jqueue.queue("reports").resume()).isTrue();
        assertThat(jqueue.queue("reports").resume()).isFalse();
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 10))).containsExactly("r1", "r2");
    }

    @Test
    void actingOnAnotherBackendsJobOrProcessNamesItsBackend() {
        Backend other = BackendBuilder.on(dataSource).alias("reports").tasks(tasks).migrate(false).build();
        UUID scheduled = other.enqueue(EnqueueOptions.onQueue("r").runAfter(Duration.ofHours(1)), "test.echo", "x").id();
        String message = "job " + scheduled + " belongs to backend 'reports'";
        assertThatThrownBy(() -> jqueue.jobs().runNow(scheduled)).isInstanceOf(EnqueueError.class).hasMessage(message);
        assertThatThrownBy(() -> jqueue.jobs().retryFailed(scheduled)).hasMessage(message);
        assertThatThrownBy(() -> jqueue.jobs().scheduleRetry(scheduled, Instant.now())).hasMessage(message);
        assertThatThrownBy(() -> jqueue.jobs().discard(scheduled)).hasMessage(message);
        assertThatThrownBy(() -> jqueue.jobs().enqueueCopy(scheduled)).hasMessage(message);
        assertThat(other.getResult(scheduled).state()).as("nothing happened to it").isEqualTo(JobState.SCHEDULED);
        assertThatThrownBy(() -> jqueue.jobs().runNow(UUID.randomUUID())).as("no backend has it")
                .hasMessage("job is not scheduled");

        long process = other.context().processes.register("Worker", "worker-reports-1", 1, "host", "{}", null, Instant.now());
        assertThatThrownBy(() -> jqueue.claim.claim(process, QueueSelector.ALL, 1)).isInstanceOf(EnqueueError.class)
                .hasMessage("process 'worker-reports-1' belongs to backend 'reports'");
        other.context().processes.deregister(process);
    }

    @Test
    void pauseIgnoresTheAllowListWhichGovernsEnqueuesOnly() {
        jqueue.enqueue(EnqueueOptions.onQueue("legacy"), "test.echo", "old");
        Backend narrowed = backend(List.of("default"), true); // the allow-list no longer names "legacy"
        assertThatThrownBy(() -> narrowed.enqueue(EnqueueOptions.onQueue("legacy"), "test.echo", "new"))
                .isInstanceOf(EnqueueError.class).hasMessage("queue 'legacy' is not allowed for backend 'default'");
        narrowed.queue("legacy").pause();
        assertThat(narrowed.queue("legacy").paused()).isTrue();
        assertThat(narrowed.claim.claim(null, QueueSelector.ALL, 10)).isEmpty();
        assertThatThrownBy(() -> narrowed.queue("").pause()).isInstanceOf(EnqueueError.class)
                .hasMessageStartingWith("queue name must be a non-empty string");
        assertThat(narrowed.queue("legacy").resume()).isTrue();
    }

    @Test
    void resumeExcludesPausedTimeFromLatency() throws Exception {
        Instant created = Instant.now().minusSeconds(40);
        jqueue.enqueue(EnqueueOptions.onQueue("slow"), "test.echo", "waiting");
        // the job has waited 40 s, 30 of them while the queue was paused
        execute(dataSource, "UPDATE jqueue_ready_executions SET created_at = " + timestamp(database(), created)
                + ", latency_started_at = " + timestamp(database(), created));
        jqueue.queue("slow").pause();
        execute(dataSource, "UPDATE jqueue_pauses SET created_at = " + timestamp(database(), Instant.now().minusSeconds(30)));

        assertThat(jqueue.queue("slow").resume()).isTrue();

        Duration latency = jqueue.queue("slow").latency().orElseThrow();
        assertThat(latency).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
        assertThat(jqueue.queue("empty").latency()).contains(Duration.ZERO);
    }

    @Test
    void aPauseWaitsForAnInFlightClaimAndNothingIsClaimedAfterItReturns() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite serializes writers: a claim cannot be in flight during a pause");
        jqueue.enqueue(EnqueueOptions.onQueue("race"), "test.echo", "held-by-claim");
        jqueue.enqueue(EnqueueOptions.onQueue("race"), "test.echo", "after-pause");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection claimer = dataSource.getConnection()) {
            // A real claim in flight: the engine's claim statement in a transaction not yet committed.
            jqueue.context().dialect.prepare(claimer);
            jqueue.context().dialect.begin(claimer);
            assertThat(jqueue.context().claimed.claim(claimer, null, QueueSelector.parse(List.of("race")), 1, Instant.now(),
                    java.util.Set.of()).jobs())
                    .hasSize(1);
            Future<?> pause = pool.submit(() -> jqueue.queue("race").pause());
            Thread.sleep(500);
            assertThat(pause.isDone()).as("pause returned while a claim of the queue was in flight").isFalse();
            jqueue.context().dialect.rollback(claimer); // the claim gives its job back: both stay ready
            pause.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jqueue.claim.claim(null, QueueSelector.ALL, 10)).isEmpty();
        assertThat(jqueue.queue("race").size()).isEqualTo(2);
    }

    @Test
    void aPauseTakesNoLockOnTheQueuesReadyRows() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite serializes writers: no row locks to hold");
        for (int i = 0; i < 3; i++) {
            jqueue.enqueue(EnqueueOptions.onQueue("big"), "test.echo", "row-" + i);
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = dataSource.getConnection()) {
            // Another transaction holds every ready row of the queue (not a claim): a pause whose
            // cost grew with the queue would have to wait for these row locks.
            jqueue.context().dialect.prepare(holder);
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.executeQuery("SELECT id FROM jqueue_ready_executions WHERE queue_name = 'big' FOR UPDATE").close();
            }
            Future<?> pause = pool.submit(() -> jqueue.queue("big").pause());
            pause.get(20, TimeUnit.SECONDS); // a TimeoutException here means the pause waited for the row locks
            holder.rollback();
        } finally {
            pool.shutdownNow();
        }
        assertThat(jqueue.queue("big").paused()).isTrue();
        assertThat(jqueue.claim.claim(null, QueueSelector.ALL, 10)).isEmpty();
    }

    @Test
    void invalidJobsAreReportedAndNeverClaimed() {
        UUID id = jqueue.enqueue("test.echo", "broken").id();
        jqueue.enqueue("test.echo", "fine");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("INSERT INTO jqueue_failed_executions "
                     + "(job_id, exception_class, message, traceback, created_at) VALUES (?, 'X', '', '', ?)")) {
            jqueue.context().dialect.setUuid(ps, 1, id);
            jqueue.context().dialect.setInstant(ps, 2, Instant.now());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        TaskResult result = jqueue.getResult(id);
        assertThat(result.state()).isEqualTo(JobState.INVALID);
        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.lastError().orElseThrow().message()).isEqualTo("invalid execution state");
        assertThat(jqueue.stats().total(JobState.INVALID)).isEqualTo(1);
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 10))).containsExactly("fine");
        assertThatThrownBy(() -> jqueue.jobs().retryFailed(id)).isInstanceOf(EnqueueError.class)
                .hasMessageContaining("already has an execution-state row");
    }

    // ------------------------------------------------------------------ bulk and on-commit

    @Test
    void bulkEnqueueIsAtomicAndKeepsSubmissionOrder() {
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(EnqueueRequest.of("test.echo", "job-" + i));
        }
        requests.add(EnqueueRequest.of("test.echo", "later").with(EnqueueOptions.defaults().runAfter(Duration.ofHours(1))));
        List<EnqueueRequest> broken = new ArrayList<>(requests);
        broken.add(25, EnqueueRequest.of("test.echo", "bad").with(EnqueueOptions.defaults().priority(500)));

        assertThatThrownBy(() -> jqueue.enqueueAll(broken)).isInstanceOf(EnqueueError.class)
                .hasMessage("call 26 of 52: priority must be an integer from -100 to 100");
        assertThat(jobs()).isZero();

        List<TaskResult> results = jqueue.enqueueAll(requests);
        assertThat(results).hasSize(51);
        assertThat(results.getLast().state()).isEqualTo(JobState.SCHEDULED);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("job-" + i);
        }
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 100))).containsExactlyElementsOf(expected);
        assertThat(jqueue.getResult(results.getLast().id()).state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void bulkEnqueueUsesTheSameNumberOfStatementsForTenAndAThousandJobs() {
        StatementCounter counter = new StatementCounter(dataSource);
        Backend counted = BackendBuilder.on(counter).dialect(jqueue.context().dialect).tasks(tasks).migrate(false).build();
        List<EnqueueRequest> ten = new ArrayList<>();
        List<EnqueueRequest> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            (i < 10 ? ten : thousand).add(EnqueueRequest.of("test.noop", i));
        }
        thousand.addAll(ten);

        counter.reset();
        counted.enqueueAll(ten);
        int forTen = counter.statements();
        counter.reset();
        counted.enqueueAll(thousand);
        int forThousand = counter.statements();

        assertThat(forThousand).isEqualTo(forTen);
        assertThat(jobs()).isEqualTo(1010);
    }

    @Test
    void enqueueOnCommitWritesNothingOnRollbackAndEnqueuesAfterCommit() {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        transactions.executeWithoutResult(status -> {
            jqueue.enqueueOnCommit(EnqueueRequest.of("test.echo", "rolled-back"));
            status.setRollbackOnly();
        });
        assertThat(jobs()).isZero();

        transactions.executeWithoutResult(status -> {
            jqueue.enqueueOnCommit(TestTasks.class, t -> t.echo("committed"));
            assertThat(jobs()).as("nothing is written before the commit").isZero();
        });
        assertThat(jobs()).isEqualTo(1);

        jqueue.enqueueOnCommit(EnqueueRequest.of("test.echo", "no-transaction"));
        assertThat(jobs()).isEqualTo(2);

        assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
                jqueue.enqueueOnCommit(EnqueueRequest.of("test.echo", 5)))).isInstanceOf(EnqueueError.class);
    }

    @Test
    void enqueueInsideACallerTransactionRollsBackWithIt() {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        transactions.executeWithoutResult(status -> {
            jqueue.enqueue("test.echo", "inside");
            status.setRollbackOnly();
        });
        assertThat(jobs()).isZero();
        assertThat(executionRows()).isZero();
    }

    // ------------------------------------------------------------------ execution

    @Test
    void workersStoreReturnValuesAndRecordFailures() throws Exception {
        UUID echo = jqueue.enqueue("test.echo", "value").id();
        UUID sum = jqueue.enqueue(TestTasks.class, t -> t.add(20, 22)).id();
        UUID order = jqueue.enqueue(TestTasks.class, t -> t.order(new TestTasks.Order("sku", 2, List.of()))).id();
        UUID failing = jqueue.enqueue("test.fail", "boom").id();
        UUID nonJson = jqueue.enqueue("test.nonJson").id();
        UUID context = jqueue.enqueue("test.withContext", "ctx").id();
        startSupervisor(jqueue, 3, Duration.ofSeconds(5));

        await("all jobs to end", () -> count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL") == 4
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_failed_executions") == 2);

        assertThat(jqueue.getResult(echo).returnValue()).isEqualTo("value");
        assertThat(jqueue.getResult(sum).returnValue()).isEqualTo(42L);
        assertThat(jqueue.getResult(order).returnValue()).isEqualTo("sku x2");
        TaskResult failed = jqueue.getResult(failing);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError().orElseThrow().exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.attempts()).isEqualTo(1);
        TaskResult notJson = jqueue.getResult(nonJson);
        assertThat(notJson.state()).isEqualTo(JobState.FAILED);
        assertThat(notJson.finishedAt()).isNotNull();
        assertThat(notJson.lastError().orElseThrow().message()).startsWith("return value must be JSON round-trippable");
        @SuppressWarnings("unchecked")
        Map<String, Object> ctx = (Map<String, Object>) jqueue.getResult(context).returnValue();
        assertThat(ctx).containsEntry("job_id", context.toString()).containsEntry("attempt", 1)
                .containsEntry("value", "ctx").containsEntry("worker", "worker-1");
    }

    @Test
    void anUnknownTaskPathFailsTheJobCleanly() throws Exception {
        Backend producer = BackendBuilder.on(dataSource).migrate(false)
                .settings(new BackendContext.Settings(List.of(), true, true)).build();
        UUID id = producer.enqueue("gone.Task.method", 1).id();
        startSupervisor(jqueue, 1, Duration.ofSeconds(5));

        await("the job to fail", () -> jqueue.getResult(id).state() == JobState.FAILED);
        assertThat(jqueue.getResult(id).lastError().orElseThrow().exceptionClass())
                .isEqualTo("dev.jqueue.task.UnknownTaskException");
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_claimed_executions")).isZero();
    }

    @Test
    void withoutPreserveFinishedJobsASuccessfulJobIsDeleted() throws Exception {
        Backend forgetful = backend(List.of(), false);
        UUID id = forgetful.enqueue("test.echo", "forget me").id();
        startSupervisor(forgetful, 1, Duration.ofSeconds(5));

        await("the job to be deleted", () -> jobs() == 0);
        assertThat(forgetful.findResult(id)).isEmpty();
        assertThat(tasks.runs.get("forget me").get()).isEqualTo(1);
    }

    @Test
    void gracefulStopLetsAnInFlightJobFinishAndRemovesProcessRows() throws Exception {
        tasks.gate = new CountDownLatch(1);
        UUID id = jqueue.enqueue("test.wait", "slow").id();
        Supervisor supervisor = startSupervisor(jqueue, 1, Duration.ofSeconds(20));
        await("the job to start", () -> tasks.started.getCount() == 0);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes")).isEqualTo(3);

        Thread opener = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                // the gate opens either way
            }
            tasks.gate.countDown();
        });
        supervisor.stop();
        opener.join();

        assertThat(jqueue.getResult(id).state()).isEqualTo(JobState.FINISHED);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes")).isZero();
    }

    @Test
    void aJobStillRunningAtTheShutdownTimeoutIsFailedNotLeftClaimed() throws Exception {
        tasks.gate = new CountDownLatch(1);
        UUID id = jqueue.enqueue("test.wait", "stuck").id();
        Supervisor supervisor = startSupervisor(jqueue, 1, Duration.ofMillis(300));
        await("the job to start", () -> tasks.started.getCount() == 0);

        supervisor.stop();

        TaskResult result = jqueue.getResult(id);
        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.lastError().orElseThrow().exceptionClass()).isEqualTo("dev.jqueue.ProcessExitError");
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_claimed_executions")).isZero();
    }

    @Test
    void processRowsCarryHeartbeatsAndKindsWhileRunning() throws Exception {
        startSupervisor(jqueue, 2, Duration.ofSeconds(5));
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Supervisor'"
                + " AND supervisor_id IS NULL")).isEqualTo(1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Worker' AND name = 'worker-1' "
                + "AND supervisor_id IS NOT NULL")).isEqualTo(1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Dispatcher'"
                + " AND name = 'dispatcher-1'")).isEqualTo(1);

        // Every row was registered by now; each must be heartbeated again later (interval 1 s)
        // while running, or other supervisors would prune it as stale.
        String registered = timestamp(database(), Instant.now());
        await("every process row to heartbeat after registration", () -> count(dataSource,
                "SELECT COUNT(*) FROM jqueue_processes WHERE last_heartbeat_at > " + registered) == 3);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes")).isEqualTo(3);
    }

    // ------------------------------------------------------------------ scheduling

    @Test
    void dispatcherPromotesDueJobsByTimeThenPriorityInBatches() {
        Instant base = Instant.now().minusSeconds(60);
        jqueue.enqueue(EnqueueOptions.defaults().runAt(base.plusSeconds(2)).priority(0), "test.echo", "third");
        jqueue.enqueue(EnqueueOptions.defaults().runAt(base.plusSeconds(1)).priority(0), "test.echo", "second");
        jqueue.enqueue(EnqueueOptions.defaults().runAt(base.plusSeconds(1)).priority(5), "test.echo", "first");
        jqueue.enqueue(EnqueueOptions.defaults().runAfter(Duration.ofHours(1)), "test.echo", "future");
        // everything above was enqueued as scheduled rows: move the due ones back into scheduled
        execute(dataSource, "DELETE FROM jqueue_ready_executions");
        execute(dataSource, "INSERT INTO jqueue_scheduled_executions"
                + " (job_id, backend_alias, queue_name, priority, scheduled_at, created_at) "
                + "SELECT id, backend_alias, queue_name, priority, scheduled_at, created_at FROM jqueue_jobs j "
                + "WHERE NOT EXISTS (SELECT 1 FROM jqueue_scheduled_executions s WHERE s.job_id = j.id)");

        assertThat(jqueue.promotion.promoteDue(2)).isEqualTo(2);
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 10))).containsExactly("first", "second");
        assertThat(jqueue.promotion.promoteDue(2)).isEqualTo(1);
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 10))).containsExactly("third");
        assertThat(jqueue.promotion.promoteDue(2)).isZero();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_scheduled_executions")).isEqualTo(1);
    }

    @Test
    void aRunningSupervisorRunsAScheduledJobWhenItIsDue() throws Exception {
        UUID id = jqueue.enqueue(EnqueueOptions.defaults().runAfter(Duration.ofMillis(400)), "test.echo", "soon").id();
        startSupervisor(jqueue, 1, Duration.ofSeconds(5));
        await("the scheduled job to run", () -> jqueue.getResult(id).state() == JobState.FINISHED);
        assertThat(jqueue.getResult(id).returnValue()).isEqualTo("soon");
    }

    // ------------------------------------------------------------------ job operations

    @Test
    void retryAndDiscardFollowTheReferenceSemantics() throws Exception {
        UUID failed = runOne("test.fail", "first").id();
        assertThat(jqueue.getResult(failed).state()).isEqualTo(JobState.FAILED);

        TaskResult retried = jqueue.jobs().retryFailed(failed);
        assertThat(retried.state()).isEqualTo(JobState.READY);
        assertThat(retried.errors()).isEmpty();
        assertThatThrownBy(() -> jqueue.jobs().retryFailed(failed)).isInstanceOf(EnqueueError.class)
                .hasMessage("job is not failed");

        // a failed job whose run time is still ahead goes back to scheduled
        claimAndFail(failed);
        execute(dataSource, "UPDATE jqueue_jobs SET scheduled_at = " + timestamp(database(), Instant.now().plusSeconds(3600)));
        assertThat(jqueue.jobs().retryFailed(failed).state()).isEqualTo(JobState.SCHEDULED);
        assertThat(jqueue.jobs().runNow(failed).state()).isEqualTo(JobState.READY);
        assertThatThrownBy(() -> jqueue.jobs().runNow(failed)).hasMessage("job is not scheduled");

        claimAndFail(failed);
        assertThat(jqueue.jobs().discardFailed(failed)).isTrue();
        assertThat(jqueue.findResult(failed)).isEmpty();
        assertThat(jqueue.jobs().discardFailed(failed)).isFalse();
    }

    void claimAndFail(UUID id) {
        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.ALL, 1);
        assertThat(claimed).extracting(Job::id).containsExactly(id);
        assertThat(jqueue.completion.failWith(id, new IllegalStateException("again"))).isTrue();
    }

    @Test
    void bulkRetryAndDiscardCountOnlyJobsInTheRightState() {
        List<UUID> failed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            failed.add(jqueue.enqueue("test.echo", "f" + i).id());
        }
        for (Job job : jqueue.claim.claim(null, QueueSelector.ALL, 10)) {
            jqueue.completion.failWith(job.id(), new RuntimeException("x"));
        }
        UUID ready = jqueue.enqueue("test.echo", "ready").id();
        UUID scheduled = jqueue.enqueue(EnqueueOptions.defaults().runAfter(Duration.ofHours(1)), "test.echo", "s").id();

        assertThat(jqueue.jobs().retryFailed(List.of(failed.get(0), failed.get(1), ready))).isEqualTo(2);
        assertThat(jqueue.jobs().discardFailed(List.of(failed.get(2), ready))).isEqualTo(1);
        assertThat(jqueue.jobs().retryAllFailed()).isEqualTo(2);
        assertThat(jqueue.jobs().discardReady(List.of(ready, scheduled))).isEqualTo(1);
        assertThat(jqueue.jobs().discardScheduled(List.of(scheduled))).isEqualTo(1);
        assertThat(jqueue.jobs().discardAllFailed()).isZero();
        assertThat(jqueue.queue("default").size()).isEqualTo(4);
    }

    @Test
    void claimedJobsCannotBeDiscardedAndCopiesAreFreshJobs() {
        UUID id = jqueue.enqueue(EnqueueOptions.onQueue("copies").priority(3), "test.echo", "original").id();
        jqueue.claim.claim(null, QueueSelector.ALL, 1);

        assertThatThrownBy(() -> jqueue.jobs().discard(id)).isInstanceOf(EnqueueError.class)
                .hasMessageContaining("claimed by a worker and cannot be discarded");
        assertThat(jqueue.getResult(id).state()).isEqualTo(JobState.CLAIMED);

        TaskResult copy = jqueue.jobs().enqueueCopy(id);
        assertThat(copy.id()).isNotEqualTo(id);
        assertThat(copy.queueName()).isEqualTo("copies");
        assertThat(copy.priority()).isEqualTo(3);
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 1))).containsExactly("original");
    }

    @Test
    void aCopyKeepsTheOriginalsRunTimeUnlessAskedToRunNow() {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        UUID later = jqueue.enqueue(EnqueueOptions.onQueue("copies").runAt(tomorrow), "test.echo", "later").id();

        TaskResult kept = jqueue.jobs().enqueueCopy(later);
        assertThat(kept.state()).as("Enqueue job: the copy waits for the same time").isEqualTo(JobState.SCHEDULED);
        assertThat(kept.scheduledAt()).isEqualTo(tomorrow);
        TaskResult now = jqueue.jobs().enqueueCopyNow(later);
        assertThat(now.state()).as("Enqueue copy now").isEqualTo(JobState.READY);
        assertThat(claimedValues(jqueue.claim.claim(null, QueueSelector.ALL, 10))).containsExactly("later");
        assertThat(jqueue.getResult(later).state()).as("the original is untouched").isEqualTo(JobState.SCHEDULED);
        assertThatThrownBy(() -> jqueue.jobs().enqueueCopy(UUID.randomUUID())).isInstanceOf(NoSuchJobException.class);
    }

    @Test
    void queueClearDiscardsReadyJobsOfThatQueueOnly() {
        for (int i = 0; i < 7; i++) {
            jqueue.enqueue(EnqueueOptions.onQueue("bulk"), "test.echo", "b" + i);
        }
        jqueue.enqueue(EnqueueOptions.onQueue("keep"), "test.echo", "k");
        jqueue.enqueue(EnqueueOptions.onQueue("bulk").runAfter(Duration.ofHours(1)), "test.echo", "scheduled");

        assertThat(jqueue.queue("bulk").clear()).isEqualTo(7);
        assertThat(jqueue.queue("bulk").size()).isZero();
        assertThat(jqueue.queue("keep").size()).isEqualTo(1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_scheduled_executions")).isEqualTo(1);
    }

    @Test
    void statsCountEveryStatePerQueue() throws Exception {
        jqueue.enqueue(EnqueueOptions.onQueue("a"), "test.echo", "1");
        jqueue.enqueue(EnqueueOptions.onQueue("a").runAfter(Duration.ofHours(1)), "test.echo", "2");
        jqueue.enqueue(EnqueueOptions.onQueue("b"), "test.echo", "3");
        jqueue.queue("paused-only").pause();
        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.parse(List.of("b")), 1);
        jqueue.completion.failWith(claimed.getFirst().id(), new RuntimeException("x"));

        BackendStats stats = jqueue.stats();
        assertThat(stats.queues()).extracting(BackendStats.QueueSummary::name).containsExactly("a", "b", "paused-only");
        BackendStats.QueueSummary a = stats.queues().getFirst();
        assertThat(a.ready()).isEqualTo(1);
        assertThat(a.scheduled()).isEqualTo(1);
        assertThat(stats.queues().get(1).failed()).isEqualTo(1);
        assertThat(stats.queues().get(2).paused()).isTrue();
        assertThat(stats.queues().get(2).latency()).isEmpty();
    }

    // ------------------------------------------------------------------ races

    @Test
    void everyJobIsClaimedExactlyOnceUnderConcurrentProducersAndClaimers() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite serializes writers; this race needs concurrent writers");
        claimRace(jqueue);
    }

    @Test
    void withoutSkipLockedAClaimWaitsForALockedRowAndClaimsStayExactlyOnce() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite has no row locks to skip or wait for");
        Backend waiting = BackendBuilder.on(dataSource).tasks(tasks).migrate(false)
                .settings(new BackendContext.Settings(List.of(), true, false, Duration.ofSeconds(180), true, false)).build();
        UUID id = waiting.enqueue("test.noop", 1).id();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.executeQuery("SELECT id FROM jqueue_ready_executions FOR UPDATE").close();
            }
            assertThat(jqueue.claim.claim(null, QueueSelector.ALL, 1)).as("use-skip-locked on: the locked row is passed")
                    .isEmpty();
            Future<List<Job>> claim = pool.submit(() -> waiting.claim.claim(null, QueueSelector.ALL, 1));
            Thread.sleep(300);
            assertThat(claim.isDone()).as("use-skip-locked off: the claim waits for the row's holder").isFalse();
            holder.rollback();
            assertThat(claim.get(30, TimeUnit.SECONDS)).extracting(Job::id).containsExactly(id);
        } finally {
            pool.shutdownNow();
        }
        claimRace(waiting);
    }

    private void claimRace(Backend backend) throws Exception {
        long claimedBefore = count(dataSource, "SELECT COUNT(*) FROM jqueue_claimed_executions");
        int producers = 4;
        int claimers = 4;
        int perProducer = 500;
        int total = producers * perProducer;
        Set<UUID> enqueued = ConcurrentHashMap.newKeySet();
        Map<UUID, Integer> claimedTimes = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(producers + claimers);
        List<Future<?>> futures = new ArrayList<>();
        CountDownLatch producersDone = new CountDownLatch(producers);
        for (int p = 0; p < producers; p++) {
            int producer = p;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    if (i % 50 == 0) {
                        List<EnqueueRequest> batch = new ArrayList<>();
                        for (int k = 0; k < 10; k++) {
                            batch.add(EnqueueRequest.of("test.noop", producer * 100000 + i * 10 + k));
                        }
                        backend.enqueueAll(batch).forEach(r -> enqueued.add(r.id()));
                        i += 9;
                    } else {
                        enqueued.add(backend.enqueue("test.noop", producer * 100000 + i).id());
                    }
                }
                producersDone.countDown();
                return null;
            }));
        }
        for (int c = 0; c < claimers; c++) {
            futures.add(pool.submit(() -> {
                while (producing.get() || count(dataSource, "SELECT COUNT(*) FROM jqueue_ready_executions") > 0) {
                    List<Job> jobs = backend.claim.claim(null, QueueSelector.ALL, 3);
                    for (Job job : jobs) {
                        claimedTimes.merge(job.id(), 1, Integer::sum);
                    }
                    if (producersDone.getCount() == 0) {
                        producing.set(false);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(enqueued).hasSize(total);
        assertThat(claimedTimes.keySet()).isEqualTo(new HashSet<>(enqueued));
        assertThat(claimedTimes.values()).allMatch(times -> times == 1);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_ready_executions")).isZero();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_claimed_executions")).isEqualTo(claimedBefore + total);
    }

    @Test
    void workersExecuteEveryJobExactlyOnceWhileProducersEnqueue() throws Exception {
        assumeTrue(database().concurrentWriters(), "SQLite serializes writers; this race needs concurrent writers");
        startSupervisor(jqueue, 4, Duration.ofSeconds(10));
        startSupervisor(jqueue, 4, Duration.ofSeconds(10));
        int total = 2000;
        ExecutorService producers = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int producer = p;
            futures.add(producers.submit(() -> {
                for (int i = 0; i < total / 4; i++) {
                    jqueue.enqueue("test.count", "job-" + producer + "-" + i);
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        producers.shutdown();

        await("all jobs to finish",
                () -> count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL") == total);
        assertThat(tasks.runs).hasSize(total);
        assertThat(tasks.runs.values()).allMatch(runs -> runs.get() == 1);
        assertThat(executionRows()).isZero();
    }
}
