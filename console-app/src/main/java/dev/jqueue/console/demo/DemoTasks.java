package dev.jqueue.console.demo;

import dev.jqueue.JQueueTask;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Tasks that behave like a small web shop's background work: quick mails, medium image
 * jobs, a payment call that sometimes fails, and slow reports on their own queue.
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

    private static void pause(int minMillis, int maxMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }
}
