package dev.jqueue.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Machine-wide CPU use from {@code /proc/stat} and this JVM's CPU time, so a result says
 * whether the run was CPU-bound and how much of the CPU the harness process itself used (the
 * rest is mostly the database server, or other work on the machine).
 */
public record CpuSample(long busyTicks, long totalTicks, long jvmCpuNanos, long wallNanos) {

    public static CpuSample now() {
        long busy = -1;
        long total = -1;
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = line.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            busy = total - idle;
        } catch (IOException | RuntimeException e) {
            // not Linux: leave unknown
        }
        long jvm = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            jvm = os.getProcessCpuTime();
        }
        return new CpuSample(busy, total, jvm, System.nanoTime());
    }

    /** Busy share of all cores since {@code before}, 0–100. */
    public double busyPercentSince(CpuSample before) {
        if (busyTicks < 0 || before.busyTicks < 0 || totalTicks == before.totalTicks) {
            return Double.NaN;
        }
        return 100.0 * (busyTicks - before.busyTicks) / (totalTicks - before.totalTicks);
    }

    /** This JVM's CPU time as a share of all cores' time since {@code before}, 0–100. */
    public double jvmPercentSince(CpuSample before) {
        if (jvmCpuNanos < 0 || before.jvmCpuNanos < 0 || wallNanos == before.wallNanos) {
            return Double.NaN;
        }
        return 100.0 * (jvmCpuNanos - before.jvmCpuNanos)
                / ((double) (wallNanos - before.wallNanos) * Runtime.getRuntime().availableProcessors());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
