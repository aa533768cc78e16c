package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import dev.jqueue.sql.DatabaseOutage;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every runner shares: poll, and if there was nothing to do, sleep for the polling
 * interval (woken early by {@link #wakeup}). A poll that throws is reported to the database's
 * {@link DatabaseOutage} (an outage is logged once for all runners, other errors reach the error
 * handler) and retried with backoff (the polling interval, doubling up to {@link #MAX_BACKOFF}),
 * so a database restart does not kill the runner.
 *
 * <p>The loop also heartbeats the runner's own process row every
 * {@linkplain #heartbeatEvery heartbeat interval}: a runner whose loop hangs stops heartbeating,
 * goes stale and is pruned. When the heartbeat finds the row gone (pruned, or deleted by hand),
 * the loop ends and {@link #rowLost()} turns true; its supervisor replaces it.
 *
 * <p>With {@link #setLogPolls} on ({@code silence-polling=false}) every completed poll is
 * logged at DEBUG as the event {@code poll.cycle} (logger {@code dev.jqueue.events}, keys
 * {@code runner}, {@code kind}, {@code found_work}); off (the default) nothing is logged per poll.
 * {@code found_work} is the poll's own answer: true when it found a full batch and polls again at once.
 */
public abstract class Poller implements Runner {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Logger events = LoggerFactory.getLogger("dev.jqueue.events");
    /** The longest wait between two failing polls. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    protected final String name;
    protected final Duration pollingInterval;
    private final Backend runnerBackend;
    protected final Wakeup wakeup = new Wakeup();
    protected volatile boolean stopping;
    private volatile long processId;
    private volatile Throwable crash;
    private volatile Error injectedFault;
    private volatile boolean logPolls;
    private volatile Duration heartbeatInterval;
    private volatile boolean rowLost;
    private long nextHeartbeat;
    private Thread thread;

    protected Poller(String name, Duration pollingInterval, Backend backend) {
        this.name = name;
        this.pollingInterval = pollingInterval;
        this.runnerBackend = backend;
    }

    /** Heartbeat the process row from this loop every {@code interval} (set before {@link #start}). */
    @Override
    public void heartbeatEvery(Duration interval) {
        this.heartbeatInterval = interval;
    }

    @Override
    public boolean rowLost() {
        return rowLost;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long processId() {
        return processId;
    }

    @Override
    public void start(long processId) {
        this.processId = processId;
        thread = Thread.ofPlatform().name("jqueue-" + name).daemon(false).start(this::loop);
    }

    /** Log every poll cycle as a {@code poll.cycle} DEBUG event ({@code silence-polling=false}). */
    public void setLogPolls(boolean logPolls) {
        this.logPolls = logPolls;
    }

    public boolean logPolls() {
        return logPolls;
    }

    /** One poll; returns true if it found work (poll again at once). */
    protected abstract boolean poll() throws Exception;

    private void loop() {
        int failures = 0;
        Duration interval = heartbeatInterval;
        nextHeartbeat = System.nanoTime() + (interval == null ? 0 : interval.toNanos()); // registering was the first beat
        while (!stopping) {
            if (!heartbeat()) {
                return;
            }
            boolean busy;
            try {
                Error fault = injectedFault;
                if (fault != null) {
                    injectedFault = null;
                    throw fault;
                }
                busy = poll();
                if (logPolls) {
                    events.atDebug().addKeyValue("event", "poll.cycle").addKeyValue("runner", name)
                            .addKeyValue("kind", kind()).addKeyValue("found_work", busy)
                            .log("poll.cycle {} found_work={}", name, busy);
                }
                failures = 0;
            } catch (Exception e) {
                failures++;
                runnerBackend.context().db.outage().failed(name + ".poll", e); // an outage once, anything else each time
                busy = false;
            } catch (Throwable e) {
                crash = e; // an Error: the loop is not trusted any more; the supervisor replaces this runner
                log.error("jqueue {}: runner thread crashed: {}", name, e.toString());
                return;
            }
            if (!busy && !stopping) {
                try {
                    if (failures > 0) {
                        backOff(backoff(failures));
                    } else {
                        wakeup.await(untilHeartbeat(pollingInterval));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The polling interval, doubling per consecutive failure, at most {@link #MAX_BACKOFF}. */
    Duration backoff(int failures) {
        Duration wait = pollingInterval.multipliedBy(1L << Math.min(failures - 1, 16));
        return wait.compareTo(MAX_BACKOFF) > 0 ? (pollingInterval.compareTo(MAX_BACKOFF) > 0 ? pollingInterval : MAX_BACKOFF)
                : wait;
    }

    /**
     * Waits out a backoff: not cut short by wake-ups (the database is in trouble and a burst of
     * them would defeat the backoff), only by a stop.
     */
    private void backOff(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        for (long left = wait.toNanos(); left > 0 && !stopping; left = until - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
    }

    /** Waits no longer than the next heartbeat is due. */
    private Duration untilHeartbeat(Duration wait) {
        if (heartbeatInterval == null) {
            return wait;
        }
        long left = Math.max(1, nextHeartbeat - System.nanoTime());
        return wait.toNanos() <= left ? wait : Duration.ofNanos(left);
    }

    /**
     * Heartbeats the process row when due. Returns false when the row is gone (the loop ends); a
     * failing heartbeat is reported and retried at the next turn of the loop.
     */
    private boolean heartbeat() {
        Duration interval = heartbeatInterval;
        if (interval == null || processId == 0 || System.nanoTime() - nextHeartbeat < 0) {
            return true;
        }
        try {
            var context = runnerBackend.context();
            int alive = context.processes.heartbeat(List.of(processId), context.now());
            nextHeartbeat = System.nanoTime() + interval.toNanos();
            if (alive == 0) {
                rowLost = true;
                events.atWarn().addKeyValue("event", "process.row_lost").addKeyValue("runner", name)
                        .addKeyValue("process_id", processId)
                        .log("jqueue {}: its process row disappeared (pruned or deleted); stopping to be replaced", name);
                return false;
            }
        } catch (RuntimeException e) {
            nextHeartbeat = System.nanoTime() + Math.min(interval.toNanos(), MAX_BACKOFF.toNanos());
            runnerBackend.context().db.outage().failed(name + ".heartbeat", e);
        }
        return true;
    }

    @Override
    public boolean crashed() {
        return crash != null;
    }

    /** Makes the next poll throw {@code fault}, as a crash would (for recovery tests and drills). */
    public void injectFault(Error fault) {
        this.injectedFault = fault;
        wakeup.signal();
    }

    @Override
    public void requestStop() {
        stopping = true;
        wakeup.signal();
    }

    /** Waits for the poll loop itself to exit. */
    protected boolean joinLoop(Duration timeout) {
        if (thread == null) {
            return true;
        }
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** A runner being replaced: if its loop does not end in time (a hung poll), it is interrupted. */
    @Override
    public boolean abandon(Duration timeout) {
        boolean clean = awaitStop(timeout);
        if (!clean) {
            interruptLoop();
        }
        return clean;
    }

    /** Interrupts a loop that did not end when asked (a hung poll), so that it may still let go. */
    protected void interruptLoop() {
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
        }
    }
}
