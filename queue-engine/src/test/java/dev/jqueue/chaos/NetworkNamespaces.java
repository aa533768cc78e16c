package dev.jqueue.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Network namespaces the test creates for worker nodes, each joined to the host by a veth pair
 * on its own /24 of {@code 10.231.0.0/16} (host side {@code 10.231.k.1}, node side
 * {@code 10.231.k.2}). Only these namespaces and links are touched; cutting a node's link sets
 * its host-side veth down. Closing deletes the namespaces (which deletes their veth pairs).
 */
final class NetworkNamespaces implements AutoCloseable {

    static final String CLIENTS = "10.231.0.0/16";

    private final String prefix = "jqc" + (ProcessHandle.current().pid() % 100_000);
    private final List<String> created = new ArrayList<>();
    private final Path log;

    private NetworkNamespaces(Path log) {
        this.log = log;
    }

    /**
     * Creates {@code count} namespaces, or returns null with the reason printed when this machine
     * does not let the test create them (not root, no {@code ip}, no permission).
     */
    static NetworkNamespaces create(int count) {
        Path log;
        try {
            log = Files.createTempFile("jqueue-chaos-netns-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        NetworkNamespaces namespaces = new NetworkNamespaces(log);
        for (int k = 1; k <= count; k++) {
            String reason = namespaces.add(k);
            if (reason != null) {
                namespaces.close();
                System.out.println("[jqueue chaos] skipping the network-namespace variant: " + reason);
                return null;
            }
        }
        return namespaces;
    }

    private String add(int k) {
        String ns = namespace(k);
        if (PrivateServer.run(log, "ip", "netns", "add", ns) != 0) {
            return "cannot create a network namespace (`ip netns add " + ns + "` failed: " + lastLog() + ")";
        }
        created.add(ns);
        String host = hostLink(k);
        String peer = prefix + "n" + k;
        String[][] steps = {
                {"ip", "link", "add", host, "type", "veth", "peer", "name", peer},
                {"ip", "link", "set", peer, "netns", ns},
                {"ip", "addr", "add", hostAddress(k) + "/24", "dev", host},
                {"ip", "link", "set", host, "up"},
                {"ip", "netns", "exec", ns, "ip", "addr", "add", nodeAddress(k) + "/24", "dev", peer},
                {"ip", "netns", "exec", ns, "ip", "link", "set", peer, "up"},
                {"ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"}};
        for (String[] step : steps) {
            if (PrivateServer.run(log, step) != 0) {
                return "`" + String.join(" ", step) + "` failed: " + lastLog();
            }
        }
        return null;
    }

    private String lastLog() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "no output" : lines.getLast();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    String namespace(int k) {
        return prefix + "-" + k;
    }

    private String hostLink(int k) {
        return prefix + "h" + k;
    }

    /** The host's address on node k's link (the database listens there). */
    static String hostAddress(int k) {
        return "10.231." + k + ".1";
    }

    static String nodeAddress(int k) {
        return "10.231." + k + ".2";
    }

    /** The command prefix that runs a process inside node k's namespace. */
    List<String> exec(int k) {
        return List.of("ip", "netns", "exec", namespace(k));
    }

    /** Cuts node k off the network: its host-side link goes down. */
    void cut(int k) {
        if (PrivateServer.run(log, "ip", "link", "set", hostLink(k), "down") != 0) {
            throw new IllegalStateException("could not cut " + hostLink(k) + ": " + lastLog());
        }
    }

    @Override
    public void close() {
        for (String ns : created) {
            PrivateServer.run(log, "ip", "netns", "del", ns);
        }
        created.clear();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file
        }
    }
}
