package dev.jqueue.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as operators run them: {@code java … app jqueue:<command>} in a child JVM, with
 * its exit status, stdout and stderr, and configuration from a real environment variable and
 * overlay file.
 */
class CommandProcessTest {

    @TempDir
    Path dir;

    HikariDataSource dataSource;
    Backend backend;

    /** A finished child process. */
    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        dataSource = TestDatabase.POSTGRES.dataSource();
        backend = BackendBuilder.on(dataSource).migrate(false).tasks(new TestTasks()).build();
    }

    Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-XX:TieredStopAtLevel=1");
        command.add(CommandTestApplication.class.getName());
        command.addAll(List.of(args));
        command.add("--spring.datasource.url=" + dataSource.getJdbcUrl()); // the test database (-Djqueue.test.database)
        command.add("--spring.datasource.username=postgres");
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .directory(new File("."));
        builder.environment().remove("JQUEUE_CONFIG");
        builder.environment().remove("JQUEUE_MODE");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("command finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void healthExitsOneWithoutALiveProcessAndZeroWithOne() throws Exception {
        Result unhealthy = run(Map.of(), "jqueue:health");
        assertThat(unhealthy.status()).isEqualTo(1);
        assertThat(unhealthy.err()).contains("unhealthy: no live jqueue processes");
        assertThat(unhealthy.out()).doesNotContain("healthy", "Tomcat");

        backend.context().processes.register("Supervisor", "supervisor-probe", 1, "host", "{\"rollout_protocol\":1}",
                null, Instant.now());
        Result healthy = run(Map.of(), "jqueue:health", "--deep");
        assertThat(healthy.err()).isEmpty();
        assertThat(healthy.out().lines()).contains("healthy");
        assertThat(healthy.status()).isZero();
    }

    @Test
    void pruneTakesItsWindowFromTheOverlayNamedByJqueueConfigAndUnknownKeysStopStartUp() throws Exception {
        backend.enqueue("test.echo", "x");
        Job job = backend.claim.claim(null, QueueSelector.ALL, 1).getFirst();
        backend.completion.complete(List.of(new ClaimedExecution.Completion(job.id(), "\"x\"")));
        Path overlay = Files.writeString(dir.resolve("jqueue.yml"), "clear-finished-jobs-after: 0s\n");

        Result pruned = run(Map.of("JQUEUE_CONFIG", overlay.toString()), "jqueue:prune");
        assertThat(pruned.err()).isEmpty();
        assertThat(pruned.out().lines()).contains("deleted 1 finished jobs, 0 failed jobs, and 0 recurring executions");
        assertThat(pruned.status()).isZero();

        Path typo = Files.writeString(dir.resolve("typo.yml"), "workers:\n  - thread: 3\n");
        Result refused = run(Map.of("JQUEUE_CONFIG", typo.toString()), "jqueue:prune", "--batch-size=5");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.out() + refused.err())
                .contains("unknown jqueue configuration property 'jqueue.backends.default.workers[0].thread'")
                .contains("typo.yml");
    }

    @Test
    void optionsReadTheSameWithASpaceAndUnknownOnesStopTheCommandByName() throws Exception {
        backend.enqueue(EnqueueOptions.onQueue("f"), "test.fail", "x");
        Job failing = backend.claim.claim(null, QueueSelector.parse(List.of("f")), 1).getFirst();
        backend.completion.fail(failing.id(), "E", "m", "", null);

        // the seed's spelling: before, Spring read "--failed-older-than" as empty and pruned nothing
        Result pruned = run(Map.of(), "jqueue:prune", "--failed-older-than", "0", "--batch-size", "10");
        assertThat(pruned.err()).isEmpty();
        assertThat(pruned.out().lines()).contains("deleted 0 finished jobs, 1 failed jobs, and 0 recurring executions");
        assertThat(pruned.status()).isZero();

        Result unknown = run(Map.of(), "jqueue:prune", "--failed-older-then", "0");
        assertThat(unknown.status()).isNotZero();
        assertThat(unknown.out() + unknown.err()).contains("unknown option --failed-older-then");
        Result stray = run(Map.of(), "jqueue:health", "--deep", "yes");
        assertThat(stray.status()).isNotZero();
        assertThat(stray.out() + stray.err()).contains("unexpected argument 'yes'");
        Result backendTypo = run(Map.of(), "jqueue", "--backend", "reports");
        assertThat(backendTypo.status()).isNotZero();
        assertThat(backendTypo.out() + backendTypo.err())
                .contains("backend 'reports' is not configured for jqueue (configured: default)");
    }
}
