package dev.jqueue.contract;

import static dev.jqueue.testing.TestSql.await;
import static dev.jqueue.testing.TestSql.count;
import static dev.jqueue.testing.TestSql.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.JQueueHook;
import dev.jqueue.ProcessInfo;
import dev.jqueue.JobState;
import dev.jqueue.ProcessExitError;
import dev.jqueue.ProcessMissingError;
import dev.jqueue.ProcessPrunedError;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Lifecycle;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.runtime.Worker;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.LimitedTasks;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Supervision and crash recovery in async mode, on every database. */
abstract class RecoveryContract {

    protected abstract TestDatabase database();

    HikariDataSource dataSource;
    TestTasks tasks;
    Backend jqueue;
    final List<Supervisor> supervisors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        tasks = new TestTasks();
        jqueue = BackendBuilder.on(dataSource).tasks(tasks, new LimitedTasks()).migrate(false).build();
    }

    @AfterEach
    void tearDown() {
        tasks.gate.countDown();
        supervisors.forEach(Supervisor::stop);
    }

    BackendProperties properties(Duration aliveThreshold) {
        return BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("*"), 2, 1, Duration.ofMillis(20), 1, false)))
                .withDispatchers(List.of(new DispatcherProperties(100, Duration.ofMillis(50))))
                .withTimings(Duration.ofMillis(500), aliveThreshold, Duration.ofSeconds(10))
                .withRetention(null, null, null); // no retention, so no scheduler: worker-1 is the first runner
    }

    Supervisor start(BackendProperties properties, Lifecycle lifecycle) {
        Supervisor supervisor = BackendBuilder.supervisor(jqueue, properties, lifecycle);
        supervisor.start();
        supervisors.add(supervisor);
        return supervisor;
    }

    /** A process row as another (dead or foreign) supervisor would have left it. */
    long foreignProcess(Instant heartbeat) {
        return jqueue.context().processes.register("Worker", "worker-" + UUID.randomUUID(), 999_999, "elsewhere", "{}",
                null, heartbeat);
    }

    String errorClass(UUID id) {
        return jqueue.getResult(id).lastError().orElseThrow().exceptionClass();
    }

    @Test
    void orphanedClaimsFailWithProcessMissingErrorAtStartUpAndTheWaiterGetsTheSlot() throws Exception {
        long gone = foreignProcess(Instant.now());
        UUID holder = jqueue.enqueue("limited", 11L, "holder").id();
        UUID waiter = jqueue.enqueue("limited", 11L, "waiter").id();
        jqueue.claim.claim(gone, QueueSelector.ALL, 1);
        execute(dataSource, "DELETE FROM jqueue_processes WHERE id = " + gone); // the claim's process_id becomes NULL

        start(properties(Duration.ofMinutes(5)), Lifecycle.none());

        assertThat(jqueue.getResult(holder).state()).isEqualTo(JobState.FAILED);
        assertThat(errorClass(holder)).isEqualTo(ProcessMissingError.class.getName());
        assertThat(jqueue.getResult(holder).lastError().orElseThrow().message()).isEqualTo("process no longer registered");
        await("the waiter to run", () -> jqueue.getResult(waiter).state() == JobState.FINISHED);
    }

    @Test
    void aProcessWithAnExpiredHeartbeatIsPrunedAndItsJobsFail() throws Exception {
        long stale = foreignProcess(Instant.now().minus(Duration.ofHours(1)));
        long fresh = foreignProcess(Instant.now());
        UUID held = jqueue.enqueue("test.echo", "held by a dead process").id();
        jqueue.claim.claim(stale, QueueSelector.ALL, 1);
        UUID alive = jqueue.enqueue("test.echo", "held by a live process").id();
        jqueue.claim.claim(fresh, QueueSelector.ALL, 1);

        assertThat(jqueue.recovery.pruneStaleProcesses(Duration.ofSeconds(30), null)).isEqualTo(1);

        assertThat(jqueue.getResult(held).state()).isEqualTo(JobState.FAILED);
        assertThat(errorClass(held)).isEqualTo(ProcessPrunedError.class.getName());
        assertThat(jqueue.getResult(alive).state()).as("a live process is spared").isEqualTo(JobState.CLAIMED);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE id = " + stale)).isZero();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE id = " + fresh)).isEqualTo(1);
    }

    @Test
    void theSupervisorPrunesStaleProcessesOnItsOwn() throws Exception {
        long stale = foreignProcess(Instant.now().minus(Duration.ofHours(1)));
        UUID held = jqueue.enqueue("test.echo", "stuck").id();
        jqueue.claim.claim(stale, QueueSelector.ALL, 1);

        start(properties(Duration.ofSeconds(2)), Lifecycle.none());

        await("the stale claim to be failed", () -> jqueue.getResult(held).state() == JobState.FAILED);
        assertThat(errorClass(held)).isEqualTo(ProcessPrunedError.class.getName());
        Thread.sleep(2500);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes")).as("its own heartbeating rows survive").isEqualTo(3);
    }

    @Test
    void aCrashedRunnerFailsItsClaimsAndIsReplaced() throws Exception {
        tasks.gate = new CountDownLatch(1);
        UUID running = jqueue.enqueue("test.wait", "in flight").id();
        Supervisor supervisor = start(properties(Duration.ofMinutes(5))
                .withTimings(Duration.ofMillis(500), Duration.ofMinutes(5), Duration.ofSeconds(1)), Lifecycle.none());
        await("the job to start", () -> tasks.started.getCount() == 0);
        Worker crashed = (Worker) supervisor.runners().getFirst();
        long oldRow = crashed.processId();

        crashed.injectFault(new OutOfMemoryError("simulated crash"));

        await("the job to fail", () -> jqueue.getResult(running).state() == JobState.FAILED);
        assertThat(errorClass(running)).isEqualTo(ProcessExitError.class.getName());
        assertThat(jqueue.getResult(running).lastError().orElseThrow().message()).contains("runner thread crashed");
        await("a replacement worker", () -> supervisor.runners().getFirst() != crashed
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE name = 'worker-1'") == 1
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE id = " + oldRow) == 0);
        UUID next = jqueue.enqueue("test.echo", "after the crash").id();
        await("the replacement to run new work", () -> jqueue.getResult(next).state() == JobState.FINISHED);
    }

    @Test
    void aRunnerWhoseRowDisappearedStopsAndIsReplaced() throws Exception {
        Supervisor supervisor = start(properties(Duration.ofMinutes(5)), Lifecycle.none());
        Worker first = (Worker) supervisor.runners().getFirst();
        execute(dataSource, "DELETE FROM jqueue_processes WHERE id = " + first.processId());

        await("a replacement worker row", () -> supervisor.runners().getFirst() != first
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE name = 'worker-1'") == 1);
        UUID next = jqueue.enqueue("test.echo", "after").id();
        await("new work to run", () -> jqueue.getResult(next).state() == JobState.FINISHED);
    }

    @Test
    void aHungRunnerGoesStaleIsPrunedAndReplaced() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        HangingRunner hung = new HangingRunner(jqueue);
        Supervisor supervisor = new Supervisor(jqueue, List.of(hung), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofMillis(500), false, tools.jackson.databind.json.JsonMapper.builder().build(),
                new Lifecycle(List.of(), (context, error) -> errors.add(context + ": " + error.getMessage())), null);
        supervisor.start();
        supervisors.add(supervisor);
        long oldRow = hung.processId();
        Thread.sleep(1500);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE id = " + oldRow))
                .as("a runner that polls heartbeats itself and is not pruned").isEqualTo(1);

        hung.hang();
        await("the hung runner's row to be pruned and a fresh runner registered", () -> hung.isHanging()
                && supervisor.runners().getFirst() != hung
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE id = " + oldRow) == 0
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE name = 'hanging-1'") == 1);
        assertThat(errors).anyMatch(e -> e.contains("hanging-1: process row disappeared"));
    }

    @Test
    void aSupervisorWhoseOwnRowDisappearedRegistersAgainAndKeepsItsRunners() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Supervisor supervisor = start(properties(Duration.ofMinutes(5)),
                new Lifecycle(List.of(), (context, error) -> errors.add(context + ": " + error.getMessage())));
        long oldRow = supervisor.processId();
        Worker worker = (Worker) supervisor.runners().getFirst();
        execute(dataSource, "DELETE FROM jqueue_processes WHERE id = " + oldRow); // as a prune by another node would

        await("a new supervisor row that is the runners' parent again", () -> supervisor.processId() != oldRow
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Supervisor'") == 1
                && count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE supervisor_id = "
                + supervisor.processId()) == 2);
        assertThat(supervisor.runners().getFirst()).as("its runners kept running").isSameAs(worker);
        assertThat(errors).anyMatch(e -> e.startsWith("supervisor.heartbeat: the supervisor's own process row " + oldRow));
        UUID next = jqueue.enqueue("test.echo", "after the supervisor re-registered").id();
        await("new work to run", () -> jqueue.getResult(next).state() == JobState.FINISHED);
    }

    @Test
    void drainingWorkersKeepTheirRowsMarkedDrainingUntilTheirJobsFinish() throws Exception {
        tasks.gate = new CountDownLatch(1);
        UUID running = jqueue.enqueue("test.wait", "draining").id();
        Supervisor supervisor = start(properties(Duration.ofMinutes(5)), Lifecycle.none());
        await("the job to start", () -> tasks.started.getCount() == 0);

        Thread stopper = Thread.ofVirtual().start(supervisor::stop);
        await("the draining mark", () -> count(dataSource, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Worker' AND "
                + "metadata " + (database() == TestDatabase.POSTGRES ? "::text" : "") + " LIKE '%draining%'") == 1);
        assertThat(jqueue.getResult(running).state()).isEqualTo(JobState.CLAIMED);
        tasks.gate.countDown();
        stopper.join(20_000);

        assertThat(jqueue.getResult(running).state()).isEqualTo(JobState.FINISHED);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes")).isZero();
    }

    @Test
    void hooksRunInOrderAndAFailingHookIsIsolated() {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        Lifecycle lifecycle = new Lifecycle(List.of(
                JQueueHook.on("supervisor.start", p -> events.add("supervisor.start:" + p.kind())),
                JQueueHook.on("worker.start", p -> {
                    throw new IllegalStateException("hook failure");
                }),
                JQueueHook.on("worker.start", p -> events.add("worker.start:" + p.name())),
                JQueueHook.on("worker.stop", p -> events.add("worker.stop")),
                JQueueHook.on("worker.exit", p -> events.add("worker.exit")),
                JQueueHook.on("supervisor.exit", p -> events.add("supervisor.exit"))),
                (context, error) -> errors.add(context + ": " + error.getMessage()));
        Supervisor supervisor = start(properties(Duration.ofMinutes(5)), lifecycle);
        supervisor.stop();

        assertThat(events).containsExactly("supervisor.start:Supervisor", "worker.start:worker-1", "worker.stop",
                "worker.exit", "supervisor.exit");
        assertThat(errors).containsExactly("hook:worker.start: hook failure");
        assertThatThrownBy(() -> JQueueHook.on("worker.begin", p -> { })).hasMessageContaining("unknown jqueue hook event");
    }

    @Test
    void everyNamedHookFiresOnceForItsKindInStartStopExitOrder() {
        List<String> events = new CopyOnWriteArrayList<>();
        java.util.function.Function<String, java.util.function.Consumer<ProcessInfo>> record =
                event -> p -> events.add(event + ":" + p.kind());
        Lifecycle lifecycle = new Lifecycle(List.of(
                JQueueHook.onStart(record.apply("supervisor.start")), JQueueHook.onStop(record.apply("supervisor.stop")),
                JQueueHook.onExit(record.apply("supervisor.exit")),
                JQueueHook.onWorkerStart(record.apply("worker.start")), JQueueHook.onWorkerStop(record.apply("worker.stop")),
                JQueueHook.onWorkerExit(record.apply("worker.exit")),
                JQueueHook.onDispatcherStart(record.apply("dispatcher.start")),
                JQueueHook.onDispatcherStop(record.apply("dispatcher.stop")),
                JQueueHook.onDispatcherExit(record.apply("dispatcher.exit")),
                JQueueHook.onSchedulerStart(record.apply("scheduler.start")),
                JQueueHook.onSchedulerStop(record.apply("scheduler.stop")),
                JQueueHook.onSchedulerExit(record.apply("scheduler.exit"))), null);
        // a retention window gives the backend a scheduler, so all four kinds run
        Supervisor supervisor = start(properties(Duration.ofMinutes(5)).withRetention(Duration.ofDays(1), null, null), lifecycle);
        supervisor.stop();

        for (String kind : List.of("supervisor", "worker", "dispatcher", "scheduler")) {
            String processKind = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
            List<String> own = events.stream().filter(e -> e.startsWith(kind + ".")).toList();
            assertThat(own).as(kind).containsExactly(kind + ".start:" + processKind, kind + ".stop:" + processKind,
                    kind + ".exit:" + processKind);
        }
        assertThat(events).hasSize(12);
        assertThat(events.getFirst()).isEqualTo("supervisor.start:Supervisor");
        assertThat(events.getLast()).as("the supervisor exits last").isEqualTo("supervisor.exit:Supervisor");
        assertThat(JQueueHook.onDispatcherExit(p -> { }).event()).isEqualTo("dispatcher.exit");
    }

    @Test
    void thePidfileAllowsOneSupervisorPerHost() throws Exception {
        Path pidfile = Files.createTempDirectory("jqueue-pid").resolve("run/jqueue.pid");
        Files.createDirectories(pidfile.getParent());
        long livePid = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(pidfile, livePid + "\n");
        BackendProperties properties = properties(Duration.ofMinutes(5)).withSupervisorPidfile(pidfile.toString());

        assertThatThrownBy(() -> start(properties, Lifecycle.none()))
                .hasMessageContaining("a jqueue supervisor is already running (pid=" + livePid);
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_processes")).as("a refused start leaves no rows").isZero();

        Files.writeString(pidfile, "2147483646\n"); // stale: no such process
        Supervisor supervisor = start(properties, Lifecycle.none());
        assertThat(Files.readString(pidfile).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));

        Files.writeString(pidfile, livePid + "\n"); // replaced by another supervisor meanwhile
        supervisor.stop();
        assertThat(Files.readString(pidfile).trim()).as("a replaced pidfile is not deleted").isEqualTo(String.valueOf(livePid));

        Files.delete(pidfile);
        Supervisor again = start(properties, Lifecycle.none());
        again.stop();
        assertThat(pidfile).as("its own pidfile is removed on stop").doesNotExist();
    }

    @Test
    void restartBackoffGrowsAndIsCapped() {
        assertThat(dev.jqueue.runtime.SupervisorBackoffAccess.of(1)).isEqualTo(Duration.ZERO);
        assertThat(dev.jqueue.runtime.SupervisorBackoffAccess.of(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(dev.jqueue.runtime.SupervisorBackoffAccess.of(5)).isEqualTo(Duration.ofMillis(800));
        assertThat(dev.jqueue.runtime.SupervisorBackoffAccess.of(30)).isEqualTo(Duration.ofSeconds(30));
    }
}
