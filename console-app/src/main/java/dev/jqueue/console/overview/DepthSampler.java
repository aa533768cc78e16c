package dev.jqueue.console.overview;

import dev.jqueue.BackendStats;
import dev.jqueue.observability.QueueDepthHistory;
import dev.jqueue.backend.Backends;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Queue depth (ready + scheduled jobs, per queue) of every backend, sampled every 30 s into the
 * queue database's depth history ({@link QueueDepthHistory}), so the overview's depth chart shows
 * the last hour across console restarts, and every console instance shows the same one (two
 * consoles sampling the same 30 s keep one row).
 */
@Component
public class DepthSampler implements SmartLifecycle {

    public static final Duration INTERVAL = Duration.ofSeconds(30);
    public static final Duration WINDOW = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(DepthSampler.class);

    private final Supplier<List<String>> aliases;
    private final Function<String, BackendStats> stats;
    private final Function<String, QueueDepthHistory> histories;
    private final Clock clock;
    private final Duration interval;
    private final Duration window;
    private final Instant startedAt;
    private ScheduledExecutorService executor;

    @Autowired
    public DepthSampler(Backends backends) {
        // Ready and scheduled are exact in the observed counts; the finished cap and the invalid check do not matter here.
        this(backends::aliases, alias -> backends.get(alias).observedStats(dev.jqueue.observability.SnapshotReader.FINISHED_CAP),
                histories(backends), Clock.systemUTC(), INTERVAL, WINDOW);
    }

    public DepthSampler(Supplier<List<String>> aliases, Function<String, BackendStats> stats,
                        Function<String, QueueDepthHistory> histories, Clock clock, Duration interval, Duration window) {
        this.aliases = aliases;
        this.stats = stats;
        this.histories = histories;
        this.clock = clock;
        this.interval = interval;
        this.window = window;
        this.startedAt = clock.instant();
    }

    private static Function<String, QueueDepthHistory> histories(Backends backends) {
        Map<String, QueueDepthHistory> byAlias = new ConcurrentHashMap<>();
        return alias -> byAlias.computeIfAbsent(alias, a -> new QueueDepthHistory(backends.get(a), INTERVAL));
    }

    /** Records one sample of every backend now; a backend that cannot be read or written is skipped this time. */
    public void sample() {
        for (String alias : aliases.get()) {
            try {
                histories.apply(alias).record(clock.instant(), stats.apply(alias));
            } catch (RuntimeException e) {
                log.debug("Depth sample of backend '{}' skipped: {}", alias, e.getMessage());
            }
        }
    }

    /** The samples of a backend within the window, oldest first (empty when the history cannot be read). */
    public List<QueueDepthHistory.Sample> samples(String alias) {
        try {
            return histories.apply(alias).since(clock.instant().minus(window));
        } catch (RuntimeException e) {
            log.debug("Depth history of backend '{}' unreadable: {}", alias, e.getMessage());
            return List.of();
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
