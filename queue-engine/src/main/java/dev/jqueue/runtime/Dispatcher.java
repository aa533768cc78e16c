package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Promotes due scheduled jobs to ready, a batch per poll, polling again at once while batches are full. */
public final class Dispatcher extends Poller {

    private final Backend backend;
    private final int batchSize;

    public Dispatcher(String name, Backend backend, int batchSize, Duration pollingInterval) {
        super(name, pollingInterval);
        this.backend = backend;
        this.batchSize = batchSize;
    }

    @Override
    public String kind() {
        return "Dispatcher";
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("batch_size", batchSize);
        metadata.put("polling_interval", pollingInterval.toMillis() / 1000.0);
        return metadata;
    }

    @Override
    protected boolean poll() {
        return backend.promotion.promoteDue(batchSize) == batchSize;
    }

    @Override
    public boolean awaitStop(Duration timeout) {
        return joinLoop(timeout);
    }
}
