package dev.jqueue.runtime;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every runner shares: poll, and if there was nothing to do, sleep for the polling
 * interval (woken early by {@link #wakeup}). A poll that throws is logged and retried after
 * the interval, so a database blip does not kill the runner.
 *
 * <p>With {@link #setLogPolls} on ({@code silence-polling=false}) every completed poll is
 * logged at DEBUG as the event {@code poll.cycle} (logger {@code dev.jqueue.events}, keys
 * {@code runner}, {@code kind}, {@code found_work}); off (the default) nothing is logged per poll.
 * {@code found_work} is the poll's own answer: true when it found a full batch and polls again at once.
 */
public abstract class Poller implements Runner {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Logger events = LoggerFactory.getLogger("dev.jqueue.events");

    protected final String name;
    protected final Duration pollingInterval;
    protected final Wakeup wakeup = new Wakeup();
    protected volatile boolean stopping;
    private volatile long processId;
    private volatile Throwable crash;
    private volatile Error injectedFault;
    private volatile boolean logPolls;
    private Thread thread;

    protected Poller(String name, Duration pollingInterval) {
        this.name = name;
        this.pollingInterval = pollingInterval;
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
        while (!stopping) {
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
            } catch (Exception e) {
                log.warn("jqueue {}: poll failed, retrying after {}: {}", name, pollingInterval, e.toString());
                busy = false;
            } catch (Throwable e) {
                crash = e; // an Error: the loop is not trusted any more; the supervisor replaces this runner
                log.error("jqueue {}: runner thread crashed: {}", name, e.toString());
                return;
            }
            if (!busy && !stopping) {
                try {
                    wakeup.await(pollingInterval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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
}
