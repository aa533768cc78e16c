package dev.jqueue.chaos;

import dev.jqueue.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database server this test run starts for itself (never the machine's shared servers), so a
 * chaos test may stop, restart and cut it. Closing it stops the server and deletes its files.
 */
interface PrivateServer extends AutoCloseable {

    /** "PostgreSQL 15 (private, port 41234)". */
    String label();

    /** A JDBC URL for one database of this server. */
    String jdbcUrl(String database);

    String user();

    /** Creates an empty database (dropping one of that name first). */
    void createDatabase(String database);

    /** Stops the server (fast shutdown: sessions are cut). */
    void stop();

    /** Starts the stopped server again on the same port and files. */
    void start();

    /** Ends every client session of a database except the caller's own; returns how many. */
    int terminateSessions(String database);

    @Override
    void close();

    /** A free TCP port on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to completion; its output goes to {@code log}. Returns the exit status. */
    static int run(Path log, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether this JVM runs as root (initdb and mariadbd then run as their service users). */
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Where a private server cannot be started: fails the test when databases are required (CI),
     * otherwise skips it with the reason printed.
     */
    static void unavailable(String reason) {
        if (TestDatabase.databasesRequired()) {
            Assertions.fail("required private database server could not start: " + reason);
        }
        System.out.println("[jqueue chaos] skipping: " + reason);
        Assumptions.abort(reason);
    }

    /** Deletes a directory tree, quietly. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("[jqueue chaos] could not delete " + dir + ": " + e.getMessage());
        }
    }
}
