package dev.jqueue.sql;

import dev.jqueue.JQueueErrorHandler;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a queue database is reachable, as the runtime sees it, and how runtime
 * errors are reported: an outage (a lost or refused connection) or an exhausted pool is logged
 * and sent to the error handler <em>once</em> when it begins and once more, as an INFO event,
 * when it ends; meanwhile every runner, heartbeat and listener that meets it only counts it.
 * Any other runtime error goes to the handler each time it happens.
 *
 * <p>Events on {@code dev.jqueue.events}: {@code database.unavailable} (WARN),
 * {@code database.restored} (INFO, with the outage's length and how many failures it
 * absorbed), {@code pool.exhausted} (WARN, with the pool's name), {@code pool.recovered}.
 */
public final class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    /**
     * A failure this soon after the database answered again belongs to the same outage (after a
     * restart, each pooled connection that still points at the old server fails once), and a pool
     * that runs dry again this soon is the same shortage: neither is reported again.
     */
    static final Duration RELAPSE_WINDOW = Duration.ofSeconds(10);

    /** What kind of trouble a failure is. */
    public enum Kind { UNAVAILABLE, POOL_EXHAUSTED, OTHER }

    /** One episode of trouble: since when, the first error, and how many failures followed. */
    private static final class Episode {
        final Instant since = Instant.now();
        final String firstError;
        final AtomicLong failures = new AtomicLong(1);
        volatile boolean relapsed;

        Episode(String firstError) {
            this.firstError = firstError;
        }
    }

    private final String database;
    private final String poolName;
    private volatile JQueueErrorHandler handler;
    private volatile Episode unavailable;
    private volatile Episode exhausted;
    /** The outage and the shortage that ended last, and when (see {@link #RELAPSE_WINDOW}). */
    private Episode lastOutage;
    private Instant lastRestored = Instant.MIN;
    private Episode lastShortage;
    private Instant lastRefilled = Instant.MIN;

    public DatabaseOutage(String database, DataSource dataSource) {
        this.database = database;
        this.poolName = poolName(dataSource);
    }

    /** Where runtime errors go (the supervisor's lifecycle); without one they are only logged. */
    public void reportTo(JQueueErrorHandler handler) {
        this.handler = handler;
    }

    /** The pool's own name (Hikari's {@code poolName}), or its class when it has none. */
    public String poolName() {
        return poolName;
    }

    /** Since when the database has been unreachable, while it is. */
    public Optional<Instant> downSince() {
        Episode episode = unavailable;
        return episode == null ? Optional.empty() : Optional.of(episode.since);
    }

    /** The error that began the current outage, while there is one. */
    public Optional<String> downReason() {
        Episode episode = unavailable;
        return episode == null ? Optional.empty() : Optional.of(episode.firstError);
    }

    /** Whether the pool ran dry and has not handed out a connection since. */
    public boolean poolExhausted() {
        return exhausted != null;
    }

    /**
     * Reports a runtime failure at {@code where} ({@code worker-1.poll}, {@code supervisor.heartbeat}, …).
     * Returns its kind, so the caller can back off.
     */
    public Kind failed(String where, Throwable error) {
        Kind kind = classify(error);
        switch (kind) {
            case UNAVAILABLE -> {
                if (begin(true, error)) {
                    log.atWarn().addKeyValue("event", "database.unavailable").addKeyValue("queue_database", database)
                            .addKeyValue("where", where).addKeyValue("error", error.toString())
                            .log("database.unavailable: queue database '{}' is unreachable ({}: {}); retrying with "
                                    + "backoff, logged once until it is back", database, where, error.toString());
                    route(where, error, false);
                }
            }
            case POOL_EXHAUSTED -> {
                if (begin(false, error)) {
                    log.atWarn().addKeyValue("event", "pool.exhausted").addKeyValue("queue_database", database)
                            .addKeyValue("pool", poolName).addKeyValue("where", where)
                            .log("pool.exhausted: connection pool '{}' of queue database '{}' has no free connection ({}); jqueue "
                                    + "waits and retries. Size it as docs/operations.md says, or keep application code from "
                                    + "holding every connection", poolName, database, where);
                    route(where, error, false);
                }
            }
            case OTHER -> route(where, error, true);
        }
        return kind;
    }

    /** Reports that the database answered: ends an outage or a pool shortage, once. */
    public void succeeded() {
        if (unavailable == null && exhausted == null) {
            return; // the common case: two volatile reads
        }
        Episode ended;
        Episode drained;
        synchronized (this) {
            ended = unavailable;
            drained = exhausted;
            unavailable = null;
            exhausted = null;
        }
        synchronized (this) {
            if (ended != null) {
                lastOutage = ended;
                lastRestored = Instant.now();
            }
            if (drained != null) {
                lastShortage = drained;
                lastRefilled = Instant.now();
            }
        }
        if (ended != null && !ended.relapsed) { // a relapse's end was reported already
            Duration length = Duration.between(ended.since, Instant.now());
            log.atInfo().addKeyValue("event", "database.restored").addKeyValue("queue_database", database)
                    .addKeyValue("outage_ms", length.toMillis()).addKeyValue("failures", ended.failures.get())
                    .log("database.restored: queue database '{}' answers again after {} ms ({} failed "
                            + "attempts)", database, length.toMillis(), ended.failures.get());
        }
        if (drained != null && !drained.relapsed) {
            log.atInfo().addKeyValue("event", "pool.recovered").addKeyValue("queue_database", database)
                    .addKeyValue("pool", poolName).addKeyValue("failures", drained.failures.get())
                    .log("pool.recovered: connection pool '{}' hands out connections again", poolName);
        }
    }

    /** Starts an episode; true only for the failure that started it. */
    private synchronized boolean begin(boolean outage, Throwable error) {
        Episode current = outage ? unavailable : exhausted;
        if (current != null) {
            current.failures.incrementAndGet();
            return false;
        }
        Episode last = outage ? lastOutage : lastShortage;
        if (last != null && Instant.now().isBefore((outage ? lastRestored : lastRefilled).plus(RELAPSE_WINDOW))) {
            // a stale connection of the outage that just ended, or a pool that ran dry again: the same episode
            last.failures.incrementAndGet();
            last.relapsed = true;
            if (outage) {
                unavailable = last;
            } else {
                exhausted = last;
            }
            return false;
        }
        Episode episode = new Episode(error.toString());
        if (outage) {
            unavailable = episode;
        } else {
            exhausted = episode;
        }
        return true;
    }

    /** To the handler; without one, to the log unless the event was just logged ({@code logFallback} false). */
    private void route(String context, Throwable error, boolean logFallback) {
        JQueueErrorHandler target = handler;
        if (target == null) {
            if (!logFallback) {
                return;
            }
            log.atWarn().addKeyValue("event", "jqueue.thread_error").addKeyValue("thread_error_context", context)
                    .log("jqueue.thread_error in {}: {}", context, error.toString());
            return;
        }
        try {
            target.handle(context, error);
        } catch (RuntimeException handlerFailure) {
            log.warn("jqueue error handler failed on {}: {}", context, handlerFailure.toString());
        }
    }

    /**
     * A pool that timed out handing out a connection while all of them were in use is exhausted; a refused, reset or
     * administratively closed connection (SQLState class 08, PostgreSQL 57P01–57P03 and 53300)
     * is an outage; everything else is some other error.
     */
    public static Kind classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof SQLTransientConnectionException && message.contains("connection is not available")) {
                // HikariCP: "<pool> - Connection is not available, request timed out". With a cause it
                // could not open connections (the database is gone); without one, all were in use.
                return t.getCause() == null ? Kind.POOL_EXHAUSTED : Kind.UNAVAILABLE;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof EOFException || t instanceof SocketException) {
                return Kind.UNAVAILABLE;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || state.equals("53300")) {
                    return Kind.UNAVAILABLE;
                }
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection refused") || message.contains("connection reset")
                    || message.contains("connection is closed") || message.contains("this connection has been closed")
                    || message.contains("terminating connection") || message.contains("socket")) {
                return Kind.UNAVAILABLE;
            }
        }
        return Kind.OTHER;
    }

    private static String poolName(DataSource dataSource) {
        if (dataSource == null) {
            return "none";
        }
        try {
            Object name = dataSource.getClass().getMethod("getPoolName").invoke(dataSource);
            if (name != null) {
                return name.toString();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not a HikariDataSource (or one without a name): fall back to the class
        }
        return dataSource.getClass().getSimpleName();
    }
}
