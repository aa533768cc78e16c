package dev.jqueue.chaos;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker node: a child JVM running {@code java … ChaosNodeApplication jqueue --mode=…}
 * against a queue database, its output in {@code target/chaos-logs/<name>.log}. It can be
 * stopped (SIGTERM) or killed ({@code kill -9}); closing it kills whatever is left, children
 * included.
 */
final class ChaosNode implements AutoCloseable {

    static final Path LOGS = Path.of("target", "chaos-logs");

    private final String name;
    private final Process process;
    private final Path log;

    private ChaosNode(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a node. {@code prefix} runs it through another command (for example
     * {@code ip netns exec NS}); {@code args} follow {@code jqueue} (mode, Spring properties).
     */
    static ChaosNode start(String name, List<String> prefix, String jdbcUrl, String user, List<String> args) {
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log");
            List<String> command = new ArrayList<>(prefix);
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xmx384m", "-Xss512k", "--enable-native-access=ALL-UNNAMED",
                    ChaosNodeApplication.class.getName(), "jqueue"));
            command.addAll(args);
            command.add("--spring.datasource.url=" + jdbcUrl);
            command.add("--spring.datasource.username=" + user);
            command.add("--spring.datasource.hikari.pool-name=" + name);
            command.add("--spring.datasource.hikari.connection-timeout=3000");
            command.add("--spring.main.banner-mode=off");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).directory(new File("."));
            builder.environment().remove("JQUEUE_CONFIG");
            builder.environment().remove("JQUEUE_MODE");
            return new ChaosNode(name, builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start node " + name, e);
        }
    }

    /**
     * Runs a one-shot command ({@code jqueue:health}, …) of the node application against a
     * database and returns its exit status and output (bounded to a minute).
     */
    static CommandResult command(String jdbcUrl, String user, String... args) throws IOException, InterruptedException {
        Files.createDirectories(LOGS);
        Path log = Files.createTempFile(LOGS, "command-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", ChaosNodeApplication.class.getName()));
        command.addAll(List.of(args));
        command.add("--spring.datasource.url=" + jdbcUrl);
        command.add("--spring.datasource.username=" + user);
        command.add("--spring.datasource.hikari.connection-timeout=2000");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(".")).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command " + List.of(args) + " did not finish within a minute");
        }
        return new CommandResult(process.exitValue(), Files.readString(log));
    }

    /** A finished one-shot command. */
    record CommandResult(int status, String output) {
    }

    /** The standard options of a chaos node: quick heartbeats, a short alive threshold, no retention. */
    static List<String> options(String mode, int threads, String heartbeat, String aliveThreshold) {
        return List.of("--mode=" + mode, "--skip-recurring",
                // the worker's claims and completions, LISTEN, the dispatcher, and one per thread for the task bodies
                "--spring.datasource.hikari.maximum-pool-size=" + (threads + 4),
                "--jqueue.backends.default.workers[0].queues=*",
                "--jqueue.backends.default.workers[0].threads=" + threads,
                "--jqueue.backends.default.workers[0].polling-interval=50ms",
                "--jqueue.backends.default.process-heartbeat-interval=" + heartbeat,
                "--jqueue.backends.default.process-alive-threshold=" + aliveThreshold,
                "--jqueue.backends.default.shutdown-timeout=5s",
                "--jqueue.backends.default.clear-finished-jobs-after=3650d",
                "--jqueue.backends.default.preserve-finished-jobs=true",
                "--jqueue.backends.default.listen-notify=true");
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Fails at once, with the node's output, when it has exited (so a wait does not run out its bound). */
    ChaosNode requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("node " + name + " exited with " + process.exitValue() + ":\n" + output());
        }
        return this;
    }

    /** {@code kill -9}: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The node's output so far (for failure messages). */
    String output() {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
