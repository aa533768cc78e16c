package dev.jqueue.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real thing: one child JVM enqueues ({@code enqueue 25}) and exits, another runs
 * {@code jqueue --mode=async} as a worker process without a web server, and SIGTERM stops it
 * gracefully, leaving no process rows behind.
 */
class StandaloneWorkerProcessTest {

    @Test
    void aStandaloneWorkerProcessRunsJobsAndStopsCleanlyOnSigterm() throws Exception {
        Path db = Path.of("target", "standalone-" + ProcessHandle.current().pid() + ".db").toAbsolutePath();
        Files.deleteIfExists(db);
        Path logs = Files.createDirectories(Path.of("target", "standalone-logs"));

        Process producer = start(db, logs.resolve("producer.log"), "enqueue", "25");
        assertThat(producer.waitFor(60, TimeUnit.SECONDS)).as("producer finished").isTrue();
        assertThat(producer.exitValue()).isZero();
        assertThat(Files.readString(logs.resolve("producer.log"))).contains("enqueued 25 mails and report");
        assertThat(count(db, "SELECT COUNT(*) FROM jqueue_ready_executions")).isEqualTo(26);

        Process worker = start(db, logs.resolve("worker.log"), "jqueue", "--mode=async");
        try {
            awaitCount(db, "SELECT COUNT(*) FROM jqueue_jobs WHERE finished_at IS NOT NULL", 26);
            assertThat(count(db, "SELECT COUNT(*) FROM jqueue_processes WHERE kind IN ('Supervisor', 'Worker', 'Dispatcher')"))
                    .isEqualTo(3);
            assertThat(Files.readString(logs.resolve("worker.log"))).doesNotContain("Tomcat", "Netty");
        } finally {
            worker.destroy(); // SIGTERM
        }
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("worker exited after SIGTERM").isTrue();
        assertThat(worker.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
        assertThat(count(db, "SELECT COUNT(*) FROM jqueue_processes")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM jqueue_claimed_executions")).isZero();
    }

    private static Process start(Path db, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add(ExampleApplication.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("EXAMPLE_DB", db.toString());
        builder.directory(new File("."));
        return builder.start();
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitCount(Path db, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = count(db, sql);
            if (last == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + expected + " from " + sql + " but saw " + last);
    }
}
