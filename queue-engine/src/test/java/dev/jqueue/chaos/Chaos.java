package dev.jqueue.chaos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.backend.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the chaos scenarios share: pools, bulk enqueue, bounded waits. */
final class Chaos {

    private Chaos() {
    }

    /** A pool on one database of a server, failing fast when the server is gone. */
    static HikariDataSource pool(String name, String jdbcUrl, String user, int size) {
        return pool(name, jdbcUrl, user, size, null);
    }

    /** The same, running {@code initSql} on each new connection. */
    static HikariDataSource pool(String name, String jdbcUrl, String user, int size, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(initSql);
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(30_000);
        return new HikariDataSource(config);
    }

    /** Enqueues {@code count} jobs of a task in batches of 1,000 (one transaction each). */
    static void enqueue(Backend backend, int count, String task, Object... args) {
        for (int done = 0; done < count; ) {
            int batch = Math.min(1_000, count - done);
            List<EnqueueRequest> requests = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                requests.add(EnqueueRequest.of(task, args));
            }
            backend.enqueueAll(requests);
            done += batch;
        }
    }

    /** Waits up to {@code timeout} for a condition; fails with {@code what} and the detail otherwise. */
    static void await(String what, Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> detail)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (safely(condition)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + ": " + detail.get());
    }

    /** A condition that reads the database counts as false while the database is away. */
    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Successful jobs, or -1 while the database does not answer. */
    static long safeSuccessful(RunLedger ledger) {
        try {
            return ledger.successful();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Time to recover: from {@code since} (the server back, the last kill) until the next job
     * completes after the first count the database answers (or every job is done).
     */
    static Duration recovery(RunLedger ledger, Instant since) throws InterruptedException {
        long first = -1;
        Instant deadline = since.plusSeconds(60);
        while (first < 0 && Instant.now().isBefore(deadline)) {
            first = safeSuccessful(ledger);
            Thread.sleep(first < 0 ? 50 : 0);
        }
        long seen = first;
        long total = ledger.count("SELECT COUNT(*) FROM jqueue_jobs");
        return timeUntil(since, Duration.ofSeconds(60), () -> {
            long now = ledger.successful();
            return now > seen || now == total;
        });
    }

    /** The time from {@code since} until the condition holds (bounded by {@code timeout}). */
    static Duration timeUntil(Instant since, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await("recovery", timeout, condition, () -> "not recovered");
        return Duration.between(since, Instant.now());
    }
}
