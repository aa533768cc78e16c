package dev.jqueue.observability;

import dev.jqueue.backend.Backend;
import dev.jqueue.operations.InvalidJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalid-state check of each backend, run in the background at most once per interval.
 * Counting invalid jobs reads every unfinished job and execution row (seconds at a million
 * jobs), far too much for a console that refreshes every few seconds or a metrics scrape; so
 * readers get the latest result with the time it was taken, and asking for a result that is
 * older than the interval (or missing) starts the next run on one daemon thread. Nobody
 * asking, nothing runs.
 */
public final class InvalidStateChecks implements AutoCloseable {

    /** How often a backend is checked while someone reads its snapshot. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(InvalidStateChecks.class);

    /** Invalid jobs per queue (queues with none are absent), as of {@code checkedAt}. */
    public record Result(Map<String, Long> byQueue, Instant checkedAt) {
        public long count(String queue) {
            return byQueue.getOrDefault(queue, 0L);
        }
    }

    private final Duration interval;
    private final Map<String, Result> latest = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "jqueue-invalid-check");
        thread.setDaemon(true);
        return thread;
    });

    public InvalidStateChecks(Duration interval) {
        this.interval = interval;
    }

    /** The latest result for the backend, or null before its first check; starts a check when due. */
    public Result latest(Backend backend) {
        String alias = backend.context().alias;
        Result result = latest.get(alias);
        boolean due = result == null || Duration.between(result.checkedAt(), backend.context().now()).compareTo(interval) >= 0;
        if (due && running.add(alias)) {
            try {
                executor.execute(() -> {
                    try {
                        checkNow(backend);
                    } catch (RuntimeException e) {
                        log.warn("Invalid-state check of backend '{}' failed", alias, e);
                    } finally {
                        running.remove(alias);
                    }
                });
            } catch (RuntimeException e) {
                running.remove(alias); // closed: no more checks
            }
        }
        return result;
    }

    /** Checks the backend now, on the caller's thread, and keeps the result. */
    public Result checkNow(Backend backend) {
        Instant at = backend.context().now();
        Result result = new Result(Map.copyOf(new InvalidJobs(backend.context()).byQueue()), at);
        latest.put(backend.context().alias, result);
        return result;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
