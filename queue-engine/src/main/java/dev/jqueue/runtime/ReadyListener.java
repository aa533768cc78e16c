package dev.jqueue.runtime;

import dev.jqueue.operations.Dispatch;
import dev.jqueue.sql.DatabaseOutage;
import dev.jqueue.state.QueueSelector;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker's LISTEN connection (PostgreSQL): wakes the worker when a transaction that made
 * jobs ready in one of its queues commits. It holds one dedicated connection, reconnects with
 * backoff (0.5 s doubling to 5 s) when it drops, and is only an accelerator: polling remains
 * the correctness path. A failure is reported to the database's {@link DatabaseOutage}: a
 * dropped connection while the database is down counts into the one outage report; any other
 * failure reaches the error handler as {@code worker-N.listen}.
 */
final class ReadyListener {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String name;
    private final DataSource dataSource;
    private final String backend;
    private final QueueSelector selector;
    private final Runnable wake;
    private final JsonMapper json;
    private final DatabaseOutage outage;
    private final AtomicLong wakeups = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean listening;
    private Thread thread;

    ReadyListener(String name, DataSource dataSource, String backend, QueueSelector selector, Runnable wake, JsonMapper json,
                   DatabaseOutage outage) {
        this.name = name;
        this.dataSource = dataSource;
        this.backend = backend;
        this.selector = selector;
        this.wake = wake;
        this.json = json;
        this.outage = outage;
    }

    void start() {
        thread = Thread.ofPlatform().name("jqueue-" + name + "-listen").daemon(true).start(this::run);
    }

    /** Notifications that matched this worker's backend and queues. */
    long wakeups() {
        return wakeups.get();
    }

    boolean listening() {
        return listening;
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        boolean failedBefore = false;
        while (!stopping) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Dispatch.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                if (failedBefore) {
                    log.atInfo().addKeyValue("event", "notify.restored").addKeyValue("worker", name)
                            .log("notify.restored: {} listens again", name);
                    wake.run(); // notifications sent while it was away are lost: poll once now
                }
                backoff = MIN_BACKOFF;
                while (!stopping) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null && matches(notifications)) {
                        wakeups.incrementAndGet();
                        wake.run();
                    }
                }
            } catch (Exception e) {
                listening = false;
                if (stopping) {
                    return;
                }
                failedBefore = true;
                outage.failed(name + ".listen", e); // reaches the error handler (an outage only once)
                Wakeup.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        listening = false;
    }

    private boolean matches(PGNotification[] notifications) {
        for (PGNotification notification : notifications) {
            try {
                JsonNode payload = json.readTree(notification.getParameter());
                if (!backend.equals(payload.path("backend").asString())) {
                    continue;
                }
                for (JsonNode queue : payload.path("queues").values()) {
                    if (selector.matches(queue.asString())) {
                        return true;
                    }
                }
            } catch (RuntimeException e) {
                return true; // an unreadable payload costs one extra poll, never a missed job
            }
        }
        return false;
    }

    void stop() {
        stopping = true;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
