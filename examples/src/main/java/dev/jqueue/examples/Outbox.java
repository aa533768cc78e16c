package dev.jqueue.examples;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Stands in for a mail gateway: remembers what was delivered in this JVM. */
@Component
public class Outbox {

    private final List<String> delivered = new CopyOnWriteArrayList<>();

    void record(String receipt) {
        delivered.add(receipt);
    }

    public List<String> delivered() {
        return List.copyOf(delivered);
    }
}
