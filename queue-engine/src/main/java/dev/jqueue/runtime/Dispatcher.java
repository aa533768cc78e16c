package dev.jqueue.runtime;

import dev.jqueue.backend.Backend;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Promotes due scheduled jobs to ready, a batch per poll, polling again at once while batches are full. */
public final class Dispatcher extends Poller {

    private final Backend backend;
    private final int batchSize;
    private final boolean maintenance;
    private final Duration maintenanceInterval;
    private long nextMaintenance;

    public Dispatcher(String name, Backend backend, int batchSize, Duration pollingInterval, boolean maintenance,
                      Duration maintenanceInterval) {
        super(name, pollingInterval, backend);
        this.backend = backend;
        this.batchSize = batchSize;
        this.maintenance = maintenance;
        this.maintenanceInterval = maintenanceInterval;
    }

    @Override
    public String kind() {
        return "Dispatcher";
    }

    @Override
    public Runner fresh() {
        return new Dispatcher(name, backend, batchSize, pollingInterval, maintenance, maintenanceInterval);
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("batch_size", batchSize);
        metadata.put("polling_interval", pollingInterval.toMillis() / 1000.0);
        metadata.put("concurrency_maintenance", maintenance);
        metadata.put("concurrency_maintenance_interval", maintenanceInterval.toMillis() / 1000.0);
        return metadata;
    }

    /** Promotes due scheduled jobs and due retries; runs concurrency maintenance when it is due. */
    @Override
    protected boolean poll() {
        boolean more = backend.promotion.promoteDue(batchSize) == batchSize;
        more |= backend.jobActions.retryDue(batchSize) == batchSize;
        long now = System.nanoTime();
        if (maintenance && now - nextMaintenance >= 0) {
            nextMaintenance = now + maintenanceInterval.toNanos();
            backend.concurrency.cleanupExpiredSemaphores(batchSize);
            backend.promotion.promoteExpiredBlocked(batchSize);
        }
        return more;
    }

    @Override
    public boolean awaitStop(Duration timeout) {
        return joinLoop(timeout);
    }
}
