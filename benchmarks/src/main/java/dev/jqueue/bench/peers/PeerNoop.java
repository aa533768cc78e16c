package dev.jqueue.bench.peers;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task body every peer runs: it only counts, so a drain measures the queue and not the work.
 * One slot per seeded task, so the end of a run can tell "ran exactly once" from "ran N times in total".
 */
public final class PeerNoop {

    private static final AtomicLong TOTAL = new AtomicLong();
    private static volatile AtomicIntegerArray perTask = new AtomicIntegerArray(0);

    private PeerNoop() {
    }

    /** Public and static: JobRunr calls it from its stored job description (class and method name). */
    public static void run(int index) {
        perTask.incrementAndGet(index);
        TOTAL.incrementAndGet();
    }

    static void prepare(int size) {
        perTask = new AtomicIntegerArray(size);
        TOTAL.set(0);
    }

    static long total() {
        return TOTAL.get();
    }

    /** Throws unless tasks {@code 0..size-1} each ran exactly once. */
    static void verifyExactlyOnce(int size) {
        int missing = 0;
        int repeated = 0;
        for (int i = 0; i < size; i++) {
            int runs = perTask.get(i);
            if (runs == 0) {
                missing++;
            } else if (runs > 1) {
                repeated++;
            }
        }
        if (TOTAL.get() != size || missing > 0 || repeated > 0) {
            throw new IllegalStateException("expected each of " + size + " tasks to run once: " + TOTAL.get()
                    + " runs in total, " + missing + " never ran, " + repeated + " ran more than once");
        }
    }
}
