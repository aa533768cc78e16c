package dev.jqueue.console.demo;

import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueue;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Enqueues a steady trickle of demo work over the "default", "mailers", "reports" and
 * "exports" queues, some of it delayed, so every count on the overview moves; the exports
 * are limited to one per account, so some of them wait blocked.
 */
@Component
@Profile("demo")
class DemoProducer {

    private static final Logger log = LoggerFactory.getLogger(DemoProducer.class);
    private static final String[] TEMPLATES = {"welcome", "receipt", "password-reset", "newsletter"};
    private static final String[] EXPORT_ACCOUNTS = {"acme", "globex"};

    private final JQueue jqueue;
    private final AtomicLong sequence = new AtomicLong();

    DemoProducer(JQueue jqueue) {
        this.jqueue = jqueue;
    }

    @Scheduled(initialDelay = 1000, fixedRateString = "${jqueue.console.demo.producer-interval:2s}")
    void produce() {
        try {
            enqueueRound(sequence.incrementAndGet(), ThreadLocalRandom.current());
        } catch (RuntimeException e) {
            // The demo keeps going; a busy database on one round is no reason to stop producing.
            log.warn("Demo producer skipped a round: {}", e.getMessage());
        }
    }

    private void enqueueRound(long n, ThreadLocalRandom random) {
        String customer = "customer-" + random.nextInt(1, 500);
        jqueue.enqueue(DemoTasks.class, t -> t.sendEmail(customer + "@example.com", TEMPLATES[(int) (n % TEMPLATES.length)]));
        jqueue.enqueue(DemoTasks.class, t -> t.resizeImage("img-" + n, random.nextBoolean() ? 320 : 1280));
        jqueue.enqueue(DemoTasks.class, t -> t.chargeCard(customer, random.nextLong(100, 50_000)));
        if (n % 3 == 0) {
            jqueue.enqueue(DemoTasks.class, EnqueueOptions.onQueue("reports").runAfter(Duration.ofSeconds(30)),
                    t -> t.buildReport("daily-sales-" + n));
        }
        if (n % 2 == 0) {
            jqueue.enqueue(DemoTasks.class, EnqueueOptions.defaults().priority(5).runAfter(Duration.ofSeconds(15)),
                    t -> t.sendEmail(customer + "@example.com", "reminder"));
        }
        // One or two exports per round for one account, a little more than one slot per account keeps up with.
        String account = EXPORT_ACCOUNTS[(int) (n % EXPORT_ACCOUNTS.length)];
        int exports = random.nextInt(1, 3);
        for (int i = 0; i < exports; i++) {
            jqueue.enqueue(DemoTasks.class, t -> t.exportAccount(account));
        }
    }
}
