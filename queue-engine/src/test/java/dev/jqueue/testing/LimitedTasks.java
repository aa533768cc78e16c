package dev.jqueue.testing;

import dev.jqueue.Concurrency;
import dev.jqueue.JQueueTask;
import dev.jqueue.Retry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks with concurrency limits and retry policies, for the concurrency contract. */
public class LimitedTasks {

    public final AtomicInteger active = new AtomicInteger();
    public final AtomicInteger maxActive = new AtomicInteger();
    public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    public volatile long sleepMillis = 50;

    @JQueueTask(name = "limited", concurrency = @Concurrency(key = "account:{accountId}", limit = 1, duration = "60s"))
    public String limited(long accountId, String value) throws InterruptedException {
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(sleepMillis);
        } finally {
            active.decrementAndGet();
        }
        return value;
    }

    @JQueueTask(name = "limited.two", concurrency = @Concurrency(key = "pair:{group}", limit = 2))
    public String limitedTwo(String group, String value) {
        return value;
    }

    @JQueueTask(name = "limited.fail", concurrency = @Concurrency(key = "account:{accountId}", limit = 1, duration = "60s"))
    public void limitedFail(long accountId) {
        throw new IllegalStateException("limited failure " + accountId);
    }

    @JQueueTask(name = "limited.discard",
            concurrency = @Concurrency(key = "singleton:{name}", limit = 1, onConflict = "discard"))
    public String singleton(String name) {
        return name;
    }

    @JQueueTask(name = "limited.bare", concurrency = @Concurrency(key = "{name}", limit = 1))
    public void bare(String name) {
    }

    @JQueueTask(name = "limited.badKey", concurrency = @Concurrency(key = "x:{missing}", limit = 1))
    public void badKey(String present) {
    }

    @JQueueTask(name = "limited.noLimit", concurrency = @Concurrency(key = "x:{value}"))
    public void noLimit(String value) {
    }

    @JQueueTask(name = "limited.badConflict", concurrency = @Concurrency(key = "x:{value}", limit = 1, onConflict = "drop"))
    public void badConflict(String value) {
    }

    @JQueueTask(name = "limited.badDuration", concurrency = @Concurrency(key = "x:{value}", limit = 1, duration = "-5s"))
    public void badDuration(String value) {
    }

    /** Fails with an IOException until its third attempt. */
    @JQueueTask(name = "flaky", retry = @Retry(maxAttempts = 3, backoff = "100ms", multiplier = 2, jitter = 0,
            retryOn = UncheckedIOException.class))
    public String flaky(String key) {
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (attempt < 3) {
            throw new UncheckedIOException(new IOException("attempt " + attempt + " failed"));
        }
        return key + " after " + attempt;
    }

    /** Retries only IO errors: a state error fails for good. */
    @JQueueTask(name = "flaky.wrongError", retry = @Retry(maxAttempts = 5, backoff = "50ms", retryOn = UncheckedIOException.class))
    public void wrongError() {
        throw new IllegalStateException("not retried");
    }
}
