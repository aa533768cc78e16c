package dev.jqueue.console.demo;

import dev.jqueue.Concurrency;
import dev.jqueue.JQueueTask;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Tasks that behave like a small web shop's background work: quick mails, medium image
 * jobs, a payment call that sometimes fails, slow reports on their own queue, and account
 * exports limited to one at a time per account (so the semaphores page has waiters to show).
 */
@Component
@Profile("demo")
public class DemoTasks {

    @JQueueTask(queue = "mailers")
    public String sendEmail(String recipient, String template) {
        pause(50, 300);
        return "sent " + template + " to " + recipient;
    }

    @JQueueTask
    public String resizeImage(String imageId, int width) {
        pause(100, 400);
        return imageId + "@" + width + "w";
    }

    /** Fails about one call in five, so the console always has failed jobs to show. */
    @JQueueTask
    public String chargeCard(String account, long amountCents) {
        pause(50, 200);
        if (ThreadLocalRandom.current().nextInt(5) == 0) {
            throw new IllegalStateException("card declined for account " + account);
        }
        return "charged " + amountCents + " cents to " + account;
    }

    @JQueueTask(queue = "reports")
    public String buildReport(String name) {
        pause(300, 900);
        return "report " + name + " ready";
    }

    /** At most one export per account runs at a time; the others wait blocked on {@code export:<account>}. */
    @JQueueTask(queue = "exports", concurrency = @Concurrency(key = "export:{account}", limit = 1))
    public String exportAccount(String account) {
        pause(1500, 3000);
        return "exported " + account;
    }

    private static void pause(int minMillis, int maxMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }
}
