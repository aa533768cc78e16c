package dev.jqueue.console.overview;

import dev.jqueue.BackendStats;
import dev.jqueue.backend.Backends;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Queue depth (ready + scheduled jobs, per queue) of every backend, recorded every 30 s since
 * the console started and kept for an hour, in memory. The database keeps no history of
 * counts, so this is what the overview's depth chart draws; a restarted console starts over.
 */
@Component
public class DepthSampler implements SmartLifecycle {

    public static final Duration INTERVAL = Duration.ofSeconds(30);
    public static final Duration WINDOW = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(DepthSampler.class);

    /** Depth of each queue of one backend at one time. */
    public record Sample(Instant at, Map<String, Long> depthByQueue) {
        public Sample {
            depthByQueue = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(depthByQueue));
        }

        public long total() {
            return depthByQueue.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Supplier<List<String>> aliases;
    private final Function<String, BackendStats> stats;
    private final Clock clock;
    private final Duration interval;
    private final Duration window;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final Instant startedAt;
    private ScheduledExecutorService executor;

    @Autowired
    public DepthSampler(Backends backends) {
        // Ready and scheduled are exact in the observed counts; the finished cap and the invalid check do not matter here.
        this(backends::aliases, alias -> backends.get(alias).observedStats(dev.jqueue.observability.SnapshotReader.FINISHED_CAP),
                Clock.systemUTC(), INTERVAL, WINDOW);
    }

    public DepthSampler(Supplier<List<String>> aliases, Function<String, BackendStats> stats, Clock clock,
                        Duration interval, Duration window) {
        this.aliases = aliases;
        this.stats = stats;
        this.clock = clock;
        this.interval = interval;
        this.window = window;
        this.startedAt = clock.instant();
    }

    /** Records one sample of every backend now; a backend that cannot be read is skipped this time. */
    public void sample() {
        Instant now = clock.instant();
        for (String alias : aliases.get()) {
            try {
                BackendStats current = stats.apply(alias);
                Map<String, Long> depth = new LinkedHashMap<>();
                for (BackendStats.QueueSummary queue : current.queues()) {
                    depth.put(queue.name(), queue.ready() + queue.scheduled());
                }
                record(alias, new Sample(now, depth));
            } catch (RuntimeException e) {
                log.debug("Depth sample of backend '{}' skipped: {}", alias, e.getMessage());
            }
        }
    }

    /** Adds a sample and forgets those older than the window. */
    void record(String alias, Sample sample) {
        Deque<Sample> list = samples.computeIfAbsent(alias, a -> new ArrayDeque<>());
        synchronized (list) {
            list.addLast(sample);
            Instant cutoff = sample.at().minus(window);
            while (!list.isEmpty() && list.peekFirst().at().isBefore(cutoff)) {
                list.removeFirst();
            }
        }
    }

    /** The samples of a backend within the window, oldest first. */
    public List<Sample> samples(String alias) {
        Deque<Sample> list = samples.get(alias);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Duration interval() {
        return interval;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jqueue-console-depth-sampler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.debug("Depth sample failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
