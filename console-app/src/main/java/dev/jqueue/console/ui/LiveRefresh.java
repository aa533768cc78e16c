package dev.jqueue.console.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The console's one way to keep a page live: a view subscribes its refresh while it is attached,
 * and one shared timer pushes it to the browser (Vaadin server push, {@code @Push} on the app
 * shell) every {@code every}. No browser polls, so an idle page sends no requests and a click
 * never queues behind a poll; what a refresh reads comes from the backend's shared snapshot, so
 * the statements per refresh do not grow with the number of open pages.
 */
@Component
public class LiveRefresh implements SmartLifecycle {

    /** How often the timer looks for due refreshes. */
    static final Duration TICK = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(LiveRefresh.class);

    /** {@code user}: the subscriber's security context, since a refresh checks the user's role off the request thread. */
    private record Subscription(UI ui, long everyMillis, Runnable refresh, SecurityContext user, long[] dueAt) {
    }

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;

    /** Runs {@code refresh} in the UI's session every {@code every} until the returned registration is removed. */
    public Registration subscribe(UI ui, Duration every, Runnable refresh) {
        Subscription subscription = new Subscription(ui, every.toMillis(), refresh, SecurityContextHolder.getContext(),
                new long[] {System.currentTimeMillis() + every.toMillis()});
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    int subscriptions() {
        return subscriptions.size();
    }

    private void tick() {
        long now = System.currentTimeMillis();
        for (Subscription subscription : subscriptions) {
            if (now < subscription.dueAt()[0]) {
                continue;
            }
            subscription.dueAt()[0] = now + subscription.everyMillis();
            UI ui = subscription.ui();
            if (ui.isClosing() || !ui.isAttached()) {
                subscriptions.remove(subscription);
                continue;
            }
            try {
                ui.access(() -> {
                    SecurityContext previous = SecurityContextHolder.getContext();
                    SecurityContextHolder.setContext(subscription.user());
                    try {
                        subscription.refresh().run();
                    } catch (RuntimeException e) {
                        log.warn("A live refresh of {} failed", subscription.refresh(), e);
                    } finally {
                        SecurityContextHolder.setContext(previous);
                    }
                });
            } catch (com.vaadin.flow.component.UIDetachedException e) {
                subscriptions.remove(subscription);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("jqueue-console-live").daemon(true)
                    .factory());
            timer.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
