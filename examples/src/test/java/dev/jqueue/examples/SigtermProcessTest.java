package dev.jqueue.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.JobState;
import dev.jqueue.ProcessExitError;
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
 * SIGTERM to a standalone async worker process while a job runs: the job finishes if it can
 * within the shutdown timeout (the process row stays, marked draining, until then); a job still
 * running at the timeout is failed with ProcessExitError. Either way no process row remains.
 */
class SigtermProcessTest {

    Path db;
    Path drill;
    HikariDataSource dataSource;
    Backend jqueue;
    Process worker;

    @BeforeEach
    void setUp() throws Exception {
        db = Path.of("target", "sigterm-" + UUID.randomUUID() + ".db").toAbsolutePath();
        drill = Files.createTempDirectory("jqueue-sigterm");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:sqlite:" + db);
        dataSource.setMaximumPoolSize(2);
        jqueue = BackendBuilder.on(dataSource).tasks(new DrillTasks()).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        Files.writeString(drill.resolve("release"), "go");
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
        dataSource.close();
    }

    @Test
    void aJobRunningAtSigtermFinishesWithinTheShutdownTimeout() throws Exception {
        UUID id = jqueue.enqueue("drill.hold", "finishes").id();
        worker = start("--jqueue.backends.default.shutdown-timeout=20s");
        await("the job to start", () -> Files.exists(drill.resolve("started-finishes")));

        worker.destroy(); // SIGTERM
        await("the worker row to be marked draining", () -> count("SELECT COUNT(*) FROM jqueue_processes "
                + "WHERE kind = 'Worker' AND metadata LIKE '%draining%'") == 1);
        assertThat(worker.isAlive()).as("still draining").isTrue();
        Files.writeString(drill.resolve("release"), "go");

        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jqueue.getResult(id).state()).isEqualTo(JobState.FINISHED);
        assertThat(count("SELECT COUNT(*) FROM jqueue_processes")).isZero();
    }

    @Test
    void aJobStillRunningAtTheShutdownTimeoutIsFailedWithProcessExitError() throws Exception {
        UUID id = jqueue.enqueue("drill.hold", "stuck").id();
        worker = start("--jqueue.backends.default.shutdown-timeout=1s");
        await("the job to start", () -> Files.exists(drill.resolve("started-stuck")));

        worker.destroy(); // SIGTERM; the job never finishes on its own

        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jqueue.getResult(id).state()).isEqualTo(JobState.FAILED);
        assertThat(jqueue.getResult(id).lastError().orElseThrow().exceptionClass()).isEqualTo(ProcessExitError.class.getName());
        assertThat(count("SELECT COUNT(*) FROM jqueue_processes")).isZero();
        assertThat(count("SELECT COUNT(*) FROM jqueue_claimed_executions")).isZero();
    }

    private Process start(String... settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ExampleApplication.class.getName(), "jqueue", "--mode=async",
                "--jqueue.backends.default.process-heartbeat-interval=1s"));
        command.addAll(List.of(settings));
        Path log = Files.createDirectories(Path.of("target", "sigterm-logs")).resolve(db.getFileName() + ".log");
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
