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

/**
 * A PostgreSQL server of its own, in a temporary directory: {@code initdb}, then
 * {@code pg_ctl start} on a free port with its socket in that directory (as the
 * {@code postgres} user when the tests run as root, since initdb refuses root). Stopped and
 * deleted on close, whatever the test did.
 */
final class PrivatePostgres implements PrivateServer {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private List<String> listen = List.of("127.0.0.1");
    private boolean running;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("server.log");
        this.port = port;
    }

    /** Starts one, or skips (fails in CI) when this machine cannot. */
    static PrivatePostgres start(String purpose) {
        return start(purpose, List.of(), null);
    }

    /**
     * The same, also listening on {@code addresses} and trusting clients from {@code clients}
     * (a CIDR), with TCP keepalives of a few seconds so sessions of a client whose link was cut
     * end (and release their locks) soon.
     */
    static PrivatePostgres start(String purpose, List<String> addresses, String clients) {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            PrivateServer.unavailable("no PostgreSQL 15 binaries at " + BIN + " for " + purpose);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jqueue-chaos-pg-");
            if (PrivateServer.root()) {
                PrivateServer.run(dir.resolve("chown.log"), "chown", "postgres", dir.toString());
            }
            PrivatePostgres server = new PrivatePostgres(dir, PrivateServer.freePort());
            List<String> listen = new ArrayList<>(List.of("127.0.0.1"));
            listen.addAll(addresses);
            server.listen = listen;
            int status = PrivateServer.run(server.log, server.as(BIN.resolve("initdb").toString(), "-D",
                    server.data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"));
            if (status != 0) {
                String output = Files.readString(server.log);
                PrivateServer.delete(dir);
                PrivateServer.unavailable("initdb failed (" + status + "): " + output);
            }
            if (clients != null) {
                Files.writeString(server.data.resolve("pg_hba.conf"), "host all all " + clients + " trust\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
            server.start();
            System.out.println("[jqueue chaos] " + server.label() + " started for " + purpose + " in " + dir);
            return server;
        } catch (IOException e) {
            PrivateServer.delete(dir);
            PrivateServer.unavailable("could not prepare a private PostgreSQL: " + e);
            throw new IllegalStateException(e);
        }
    }

    private String[] as(String... command) {
        if (!PrivateServer.root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(List.of(command));
        return wrapped.toArray(String[]::new);
    }

    @Override
    public String label() {
        return "PostgreSQL 15 (private, port " + port + ")";
    }

    @Override
    public String jdbcUrl(String database) {
        return jdbcUrl("127.0.0.1", database);
    }

    /** A JDBC URL through one of the addresses it listens on. */
    String jdbcUrl(String address, String database) {
        return "jdbc:postgresql://" + address + ":" + port + "/" + database;
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public void createDatabase(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create " + database + " on " + label(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            PrivateServer.run(log, as(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
            running = false;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        // fsync off and autovacuum off: a throwaway server; the sockets live in its own directory
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=" + String.join(",", listen)
                + " -c autovacuum=off -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
                + " -c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=2"
                + " -c idle_in_transaction_session_timeout=10s";
        int status = PrivateServer.run(log, as(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o", options, "start"));
        if (status != 0) {
            throw new IllegalStateException("pg_ctl start failed (" + status + ") for " + label());
        }
        running = true;
    }

    @Override
    public int terminateSessions(String database) {
        return terminate(database, "backend_type = 'client backend'");
    }

    /** Ends only the session that runs {@code LISTEN …} in this database (a worker's LISTEN connection). */
    int terminateListeners(String database) {
        return terminate(database, "query LIKE 'LISTEN%'");
    }

    private int terminate(String database, String condition) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
             PreparedStatement ps = connection.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     + "WHERE datname = ? AND pid <> pg_backend_pid() AND " + condition)) {
            ps.setString(1, database);
            int killed = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    killed += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return killed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (running) {
            PrivateServer.run(log, as(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                    "stop"));
            running = false;
        }
        PrivateServer.delete(dir);
    }
}
