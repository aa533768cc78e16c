package dev.jqueue.examples;

import dev.jqueue.JQueueTask;
import org.springframework.stereotype.Service;

/** A task bean: each {@link JQueueTask} method can be enqueued and is run by a worker. */
@Service
public class Mailer {

    private final Outbox outbox;

    public Mailer(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Task path {@code dev.jqueue.examples.Mailer.deliver}; runs on the "mailers" queue. */
    @JQueueTask(queue = "mailers")
    public String deliver(String template, long userId) {
        String receipt = template + " -> user " + userId;
        outbox.record(receipt);
        return receipt;
    }
}
