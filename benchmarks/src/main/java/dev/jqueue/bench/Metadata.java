package dev.jqueue.bench;

import dev.jqueue.runtime.Supervisor;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Facts about the machine, the JVM and the source tree, stored with every result. */
final class Metadata {

    private Metadata() {
    }

    static Map<String, Object> machine(Options options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jqueue_version", dev.jqueue.JQueueVersion.current());
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " ("
                + System.getProperty("java.vm.vendor") + ")");
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", cpuModel());
        m.put("mem_total_gb", memTotalGb());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("hostname", hostname());
        // Built from an exported tree (git archive), the source revision comes from the environment.
        String exported = System.getenv("JQUEUE_BENCH_SOURCE_REV");
        if (exported != null && !exported.isBlank()) {
            m.put("git_rev", exported.trim());
            m.put("engine_uncommitted_changes", false);
        } else {
            m.put("git_rev", git("rev-parse", "HEAD"));
            String dirty = git("status", "--porcelain", "--", "queue-engine");
            m.put("engine_uncommitted_changes", dirty == null ? null : !dirty.isBlank());
        }
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("args", options.raw);
        if (!options.note.isBlank()) {
            m.put("note", options.note);
        }
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static Object memTotalGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return Percentiles.round(kb / 1024.0 / 1024.0, 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    /** Output of a git command run in the working directory, or null if git is unavailable. */
    static String git(String... args) {
        try {
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
