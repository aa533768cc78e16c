package dev.jqueue.contract;

import dev.jqueue.backend.Backend;
import dev.jqueue.runtime.Poller;
import dev.jqueue.runtime.Runner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A runner whose poll can be made to hang (as a poll stuck on a lock or a dead socket would),
 * to show that a hung loop stops heartbeating, goes stale, is pruned and replaced.
 */
final class HangingRunner extends Poller {

    private final Backend backend;
    private final CountDownLatch hang = new CountDownLatch(1);
    private final CountDownLatch hanging = new CountDownLatch(1);
    private volatile boolean hangNext;

    HangingRunner(Backend backend) {
        super("hanging-1", Duration.ofMillis(20), backend);
        this.backend = backend;
    }

    @Override
    public String kind() {
        return "Worker";
    }

    @Override
    public Map<String, Object> metadata() {
        return Map.of();
    }

    @Override
    public Runner fresh() {
        return new HangingRunner(backend);
    }

    /** The next poll blocks until the loop is interrupted. */
    void hang() {
        hangNext = true;
    }

    boolean isHanging() {
        return hanging.getCount() == 0;
    }

    @Override
    protected boolean poll() throws InterruptedException {
        if (hangNext) {
            hanging.countDown();
            hang.await(); // until the supervisor gives up on this runner and interrupts it
        }
        return false;
    }

    @Override
    public boolean awaitStop(Duration timeout) {
        return joinLoop(timeout);
    }
}
