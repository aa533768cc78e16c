package dev.jqueue.bench;

import dev.jqueue.Concurrency;
import dev.jqueue.JQueueTask;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The tasks the scenarios enqueue. */
public class BenchTasks {

    /** Start times ({@link System#nanoTime()}) of {@code bench.stamp} runs, by sequence number. */
    static final ConcurrentMap<Long, Long> STARTED = new ConcurrentHashMap<>();

    /** Does nothing: measures the queue, not the work. */
    @JQueueTask(name = "bench.noop")
    public void noop(int n) {
    }

    /** Records when it started, for pickup latency. */
    @JQueueTask(name = "bench.stamp")
    public void stamp(long sequence) {
        STARTED.putIfAbsent(sequence, System.nanoTime());
    }

    /** One key, one slot: runs strictly one at a time (hot-key-drain records that they did). */
    @JQueueTask(name = "bench.hot", concurrency = @Concurrency(key = HotKeyDrain.KEY, limit = 1))
    public void hot(int n) {
        HotKeyDrain.ran();
    }
}
