package dev.jqueue.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.command.CommandTestApplication;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Poller;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.runtime.Topology;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestSql;
import dev.jqueue.testing.TestTasks;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code silence-polling}: a real supervisor on SQLite logs a {@code poll.cycle} DEBUG event
 * per poll of each runner only when {@code silence-polling=false}; with the default
 * ({@code true}) there is none, even with the events logger at DEBUG; a fork-mode child JVM
 * gets the setting too.
 */
class PollLoggingTest {

    private final Logger events = (Logger) LoggerFactory.getLogger("dev.jqueue.events");
    private final EventList appender = new EventList();
    private Level previousLevel;
    private boolean previousAdditive;
    private Backend backend;
    private Supervisor supervisor;

    @BeforeEach
    void setUp() {
        backend = BackendBuilder.on(TestDatabase.SQLITE.dataSource()).migrate(false).tasks(new TestTasks()).build();
        previousLevel = events.getLevel();
        previousAdditive = events.isAdditive();
        events.setLevel(Level.DEBUG);
        events.setAdditive(false); // keep the console quiet
        appender.start();
        events.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.stop();
        }
        events.detachAppender(appender);
        events.setLevel(previousLevel);
        events.setAdditive(previousAdditive);
    }

    /** A list appender that runner threads can append to while the test reads it. */
    static final class EventList extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> list = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            list.add(event);
        }
    }

    private BackendProperties properties(boolean silencePolling) {
        return BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("*"), 1, 1, Duration.ofMillis(50), 2, false)))
                .withDispatchers(List.of(new DispatcherProperties(100, Duration.ofMillis(50))))
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(300), Duration.ofSeconds(5))
                .withSilencePolling(silencePolling);
    }

    private List<Map<String, Object>> pollCycles() {
        return appender.list.stream().filter(e -> e.getKeyValuePairs() != null).map(e -> {
            Map<String, Object> pairs = new HashMap<>();
            e.getKeyValuePairs().forEach(kv -> pairs.put(kv.key, kv.value));
            pairs.put("level", e.getLevel());
            return pairs;
        }).filter(pairs -> "poll.cycle".equals(pairs.get("event"))).toList();
    }

    @Test
    void withSilencePollingFalseEachPollIsADebugEventNamingTheRunnerAndWhetherItFoundWork() throws Exception {
        // found_work is the poll's answer "poll again at once": for a worker, a full claim (threads x prefetch = 2)
        backend.enqueue("test.echo", "one");
        backend.enqueue("test.echo", "two");
        TaskResult job = backend.enqueue("test.echo", "three");
        supervisor = BackendBuilder.supervisor(backend, properties(false));
        supervisor.start();
        // Wait for every event asserted below (the dispatcher's first poll may come last), not for time.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && (backend.getResult(job.id()).status() != dev.jqueue.TaskStatus.SUCCESSFUL
                || pollCycles().stream().noneMatch(p -> "worker-1".equals(p.get("runner")) && Boolean.TRUE.equals(p.get("found_work")))
                || pollCycles().stream().noneMatch(p -> "worker-1".equals(p.get("runner")) && Boolean.FALSE.equals(p.get("found_work")))
                || pollCycles().stream().noneMatch(p -> "dispatcher-1".equals(p.get("runner"))))) {
            Thread.sleep(50);
        }
        List<Map<String, Object>> cycles = pollCycles();
        assertThat(cycles).allSatisfy(p -> assertThat(p.get("level")).isEqualTo(Level.DEBUG));
        assertThat(cycles).anySatisfy(p -> assertThat(p).containsEntry("runner", "worker-1").containsEntry("kind", "Worker")
                .containsEntry("found_work", true));
        assertThat(cycles).anySatisfy(p -> assertThat(p).containsEntry("runner", "worker-1").containsEntry("found_work", false));
        assertThat(cycles).anySatisfy(p -> assertThat(p).containsEntry("runner", "dispatcher-1")
                .containsEntry("kind", "Dispatcher"));
    }

    @Test
    void withTheDefaultSilencePollingNoPollCycleIsLogged() throws Exception {
        assertThat(BackendProperties.defaults().silencePolling()).isTrue();
        supervisor = BackendBuilder.supervisor(backend, properties(true));
        supervisor.start();
        TaskResult job = backend.enqueue("test.echo", "hello");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && backend.getResult(job.id()).status() != dev.jqueue.TaskStatus.SUCCESSFUL) {
            Thread.sleep(50);
        }
        Thread.sleep(300); // several more idle polls of every runner
        assertThat(backend.getResult(job.id()).status()).isEqualTo(dev.jqueue.TaskStatus.SUCCESSFUL);
        assertThat(pollCycles()).isEmpty();
        assertThat(appender.list).as("the supervisor's own events still reach the logger")
                .anySatisfy(e -> assertThat(e.getMessage()).contains("supervisor started"));
    }

    @Test
    void forkChildrenGetTheSettingToo() throws Exception {
        assertThat(((Poller) Topology.runner(backend, properties(false), "worker-1")).logPolls()).isTrue();
        assertThat(((Poller) Topology.runner(backend, properties(true), "worker-1")).logPolls()).isFalse();

        // A real fork supervisor (`app jqueue --mode=fork`): it runs no poller itself, so every
        // poll.cycle line in its output comes from a child JVM that got silence-polling=false.
        // Its own SQLite file: four JVMs with a pool each would crowd a shared server's connections.
        Path db = Path.of("target", "sqlite", "fork-poll-logging-" + ProcessHandle.current().pid() + ".db").toAbsolutePath();
        Files.createDirectories(db.getParent());
        Files.deleteIfExists(db);
        String url = "jdbc:sqlite:" + db;
        Path out = Files.createDirectories(Path.of("target", "fork-logs")).resolve("poll-logging-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                CommandTestApplication.class.getName(),
                "jqueue", "--mode=fork", "--jqueue.backends.default.silence-polling=false",
                "--logging.level.dev.jqueue.events=DEBUG", "--spring.datasource.url=" + url));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(new File("."));
        builder.environment().remove("JQUEUE_CONFIG");
        builder.environment().remove("JQUEUE_MODE");
        Process fork = builder.start();
        List<ProcessHandle> children = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(output(out).contains("poll.cycle worker-1 found_work=") && output(out).contains("poll.cycle dispatcher-1 found_work="))) {
                assertThat(fork.isAlive()).as("the fork supervisor is running; its output:%n%s", output(out)).isTrue();
                assertThat(System.nanoTime()).as("poll.cycle lines of both children within 90 s; output:%n%s", output(out))
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            children.addAll(fork.descendants().toList());
            DataSource file = new DriverManagerDataSource(url);
            long worker = TestSql.count(file, "SELECT pid FROM jqueue_processes WHERE kind = 'Worker' AND name = 'worker-1'");
            assertThat(worker).as("worker-1 runs in a child JVM").isNotEqualTo(fork.pid())
                    .isIn(children.stream().map(ProcessHandle::pid).toList());
            assertThat(TestSql.count(file, "SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Supervisor' AND pid = ?",
                    fork.pid())).isEqualTo(1);
        } finally {
            children.addAll(fork.descendants().toList());
            fork.destroy(); // SIGTERM: the supervisor stops its children
            if (!fork.waitFor(60, TimeUnit.SECONDS)) {
                fork.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String output(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
