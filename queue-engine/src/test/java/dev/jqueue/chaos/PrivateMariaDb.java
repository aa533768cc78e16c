package dev.jqueue.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of its own, in a temporary directory: {@code mariadb-install-db}, then
 * {@code mariadbd} on a free port with its socket and pid file in that directory (as the
 * {@code mysql} user when the tests run as root). Stopped and deleted on close.
 */
final class PrivateMariaDb implements PrivateServer {

    private static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");

    private final Path dir;
    private final Path data;
    private final int port;
    private Process server;

    private PrivateMariaDb(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Starts one, or skips (fails in CI) when this machine cannot. */
    static PrivateMariaDb start(String purpose) {
        if (!Files.isExecutable(INSTALL) || !Files.isExecutable(SERVER)) {
            PrivateServer.unavailable("no MariaDB server binaries (" + INSTALL + ", " + SERVER + ") for " + purpose);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jqueue-chaos-mariadb-");
            if (PrivateServer.root()) {
                PrivateServer.run(dir.resolve("chown.log"), "chown", "mysql", dir.toString());
            }
            PrivateMariaDb db = new PrivateMariaDb(dir, PrivateServer.freePort());
            List<String> install = new ArrayList<>(List.of(INSTALL.toString(), "--no-defaults", "--datadir=" + db.data,
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
            if (PrivateServer.root()) {
                install.add("--user=mysql");
            }
            int status = PrivateServer.run(dir.resolve("install.log"), install.toArray(String[]::new));
            if (status != 0) {
                String output = Files.readString(dir.resolve("install.log"));
                PrivateServer.delete(dir);
                PrivateServer.unavailable("mariadb-install-db failed (" + status + "): " + output);
            }
            db.start();
            System.out.println("[jqueue chaos] " + db.label() + " started for " + purpose + " in " + dir);
            return db;
        } catch (IOException e) {
            PrivateServer.delete(dir);
            PrivateServer.unavailable("could not prepare a private MariaDB: " + e);
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String label() {
        return "MariaDB (private, port " + port + ")";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String user() {
        return "root";
    }

    @Override
    public void createDatabase(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create " + database + " on " + label(), e);
        }
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults", "--datadir=" + data,
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--skip-log-bin", "--innodb-buffer-pool-size=128M",
                "--innodb-flush-log-at-trx-commit=0", "--max-connections=300", "--skip-name-resolve"));
        if (PrivateServer.root()) {
            command.add("--user=mysql");
        }
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start mariadbd", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(""), "root", "")) {
                return;
            } catch (SQLException e) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("mariadbd exited with " + server.exitValue() + " (see " + dir + ")");
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("mariadbd did not accept connections within 60 s");
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.destroy(); // SIGTERM: mariadbd shuts down, cutting every session
        try {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    @Override
    public int terminateSessions(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), "root", "");
             PreparedStatement ps = connection.prepareStatement("SELECT id FROM information_schema.processlist "
                     + "WHERE db = ? AND id <> CONNECTION_ID()")) {
            ps.setString(1, database);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            int killed = 0;
            try (Statement statement = connection.createStatement()) {
                for (long id : ids) {
                    try {
                        statement.execute("KILL CONNECTION " + id);
                        killed++;
                    } catch (SQLException gone) {
                        // it ended by itself meanwhile
                    }
                }
            }
            return killed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.destroyForcibly();
            try {
                server.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        PrivateServer.delete(dir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
