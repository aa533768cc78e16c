package dev.jqueue.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.JobState;
import dev.jqueue.ProcessExitError;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fork mode with real child JVMs and real signals: {@code kill -9} of the worker child while it
 * runs a job fails that job with ProcessExitError, the child is replaced and the replacement
 * runs new work; SIGTERM to the supervisor stops everything and leaves no process rows.
 */
class ForkModeProcessTest {

    Path db;
    Path drill;
    HikariDataSource dataSource;
    Backend jqueue;
    Process supervisor;

    @BeforeEach
    void setUp() throws Exception {
        db = Path.of("target", "fork-" + ProcessHandle.current().pid() + ".db").toAbsolutePath();
        Files.deleteIfExists(db);
        drill = Files.createTempDirectory("jqueue-drill");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + db);
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        jqueue = BackendBuilder.on(dataSource).tasks(new DrillTasks(), new Mailer(new Outbox())).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        Files.writeString(drill.resolve("release"), "go");
        if (supervisor != null && supervisor.isAlive()) {
            supervisor.destroyForcibly();
        }
        ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(List::of).orElse(List.of())
                .contains("--jqueue-child=worker-1")).filter(p -> p.parent().isEmpty()).forEach(ProcessHandle::destroyForcibly);
        dataSource.close();
    }

    @Test
    void killingAWorkerChildFailsItsJobAndTheSupervisorReplacesIt() throws Exception {
        UUID held = jqueue.enqueue("drill.hold", "first").id();
        supervisor = start("jqueue", "--mode=fork", "--jqueue.backends.default.process-heartbeat-interval=1s");

        Path started = drill.resolve("started-first");
        await("the job to start in a worker child", () -> Files.exists(started));
        long workerPid = Long.parseLong(Files.readString(started).trim());
        assertThat(workerPid).as("the job runs in a child, not the supervisor").isNotEqualTo(supervisor.pid());
        assertThat(count("SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Worker' AND pid = " + workerPid)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Supervisor' AND pid = " + supervisor.pid()))
                .isEqualTo(1);

        ProcessHandle.of(workerPid).orElseThrow().destroyForcibly(); // kill -9

        await("the held job to fail", () -> jqueue.getResult(held).state() == JobState.FAILED);
        TaskResult failed = jqueue.getResult(held);
        assertThat(failed.lastError().orElseThrow().exceptionClass()).isEqualTo(ProcessExitError.class.getName());
        assertThat(failed.lastError().orElseThrow().message()).isEqualTo("child process exited from signal 9");
        await("a replacement worker child", () -> count("SELECT COUNT(*) FROM jqueue_processes WHERE kind = 'Worker' "
                + "AND pid <> " + workerPid) == 1);
        assertThat(count("SELECT COUNT(*) FROM jqueue_processes WHERE pid = " + workerPid)).isZero();

        UUID next = jqueue.enqueue(Mailer.class, m -> m.deliver("after the crash", 5L)).id();
        await("the replacement to run new work", () -> jqueue.getResult(next).state() == JobState.FINISHED);

        supervisor.destroy(); // SIGTERM
        assertThat(supervisor.waitFor(40, TimeUnit.SECONDS)).as("the supervisor exits after SIGTERM").isTrue();
        await("every process row to be gone", () -> count("SELECT COUNT(*) FROM jqueue_processes") == 0);
        assertThat(count("SELECT COUNT(*) FROM jqueue_claimed_executions")).isZero();
    }

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExampleApplication.class.getName());
        command.addAll(List.of(args));
        Path log = Files.createDirectories(Path.of("target", "fork-logs")).resolve("supervisor.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("EXAMPLE_DB", db.toString());
        builder.environment().put("DRILL_DIR", drill.toString());
        builder.directory(new File("."));
        return builder.start();
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
