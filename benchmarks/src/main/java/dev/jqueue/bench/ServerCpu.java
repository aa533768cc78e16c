package dev.jqueue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of the database server's processes on this host (PostgreSQL backends, mariadbd),
 * summed from {@code /proc/<pid>/stat}, so a drain says where its time went: harness JVM,
 * database server, or neither (waiting on commits). Compared process by process: a backend that
 * exits between two samples loses its time since the first (the drains keep their pool's
 * connections open), rather than taking its whole lifetime's CPU off the total, which made the
 * share negative when another client's long session ended during a run.
 */
record ServerCpu(Map<Long, Long> ticks, long wallNanos) {

    private static final Set<String> SERVERS = Set.of("postgres", "mariadbd", "mysqld");
    /** USER_HZ: Linux reports process times in these ticks. */
    static final double TICKS_PER_SECOND = 100.0;

    static ServerCpu now() {
        Map<Long, Long> byPid = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long ticks = ticksOf(proc.resolve("stat"));
                if (ticks > 0) {
                    byPid.put(Long.parseLong(name), ticks);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ServerCpu(null, System.nanoTime());
        }
        return new ServerCpu(byPid, System.nanoTime());
    }

    private static long ticksOf(Path stat) {
        try {
            String line = Files.readString(stat);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (open < 0 || close < 0 || !SERVERS.contains(line.substring(open + 1, close))) {
                return 0;
            }
            return userAndSystem(line, close);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }

    /** CPU ticks (user + system, all threads) one process has used so far, or -1 when it is gone. */
    static long ticksOfProcess(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return userAndSystem(line, line.lastIndexOf(')'));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long userAndSystem(String statLine, int closingParen) {
        String[] f = statLine.substring(closingParen + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    /** The servers' CPU as a share of all cores' time since {@code before}, 0–100. */
    double percentSince(ServerCpu before) {
        if (ticks == null || before.ticks == null || wallNanos == before.wallNanos) {
            return Double.NaN;
        }
        long used = 0;
        for (Map.Entry<Long, Long> process : ticks.entrySet()) {
            // a pid seen only now started since: all its time is in the span (pids are not reused that fast)
            used += Math.max(0, process.getValue() - before.ticks.getOrDefault(process.getKey(), 0L));
        }
        double seconds = used / TICKS_PER_SECOND;
        return 100.0 * seconds / ((wallNanos - before.wallNanos) / 1e9 * Runtime.getRuntime().availableProcessors());
    }
}
