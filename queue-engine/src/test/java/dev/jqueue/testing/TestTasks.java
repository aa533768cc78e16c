package dev.jqueue.testing;

import dev.jqueue.JQueueTask;
import dev.jqueue.TaskContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks the contract suite enqueues and runs. */
public class TestTasks {

    /** A value the JSON payload cannot hold. */
    public static class Opaque {
        private final Object inner = new Object();
    }

    /** A record argument, to check structured payloads. */
    public record Order(String sku, int quantity, List<String> tags) {
    }

    public final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    public volatile CountDownLatch gate = new CountDownLatch(0);
    public final CountDownLatch started = new CountDownLatch(1);

    private void ran(String value) {
        runs.computeIfAbsent(value, k -> new AtomicInteger()).incrementAndGet();
    }

    @JQueueTask(name = "test.echo")
    public String echo(String value) {
        ran(value);
        return value;
    }

    @JQueueTask(name = "test.add")
    public long add(long a, long b) {
        return a + b;
    }

    @JQueueTask
    public double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    @JQueueTask(name = "test.order")
    public String order(Order order) {
        return order.sku() + " x" + order.quantity();
    }

    @JQueueTask(name = "test.fail")
    public void fail(String message) {
        throw new IllegalStateException(message);
    }

    @JQueueTask(name = "test.nonJson")
    public Object nonJson() {
        return new Opaque();
    }

    @JQueueTask(name = "test.withContext")
    public Map<String, Object> withContext(TaskContext context, String value) {
        return Map.of("job_id", context.jobId().toString(), "attempt", context.attempt(), "value", value,
                "worker", context.workerName());
    }

    @JQueueTask(name = "test.noop")
    public void noop(int n) {
        ran("noop");
    }

    @JQueueTask(name = "test.count")
    public void count(String key) {
        ran(key);
    }

    /** Blocks until the test opens the gate (for claimed-state and graceful-stop tests). */
    @JQueueTask(name = "test.wait")
    public String waitForGate(String value) throws InterruptedException {
        started.countDown();
        if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        ran(value);
        return value;
    }

    @JQueueTask(name = "test.other", queue = "other", priority = 7)
    public void onOtherQueue() {
    }
}
