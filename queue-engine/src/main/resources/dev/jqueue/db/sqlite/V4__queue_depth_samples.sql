-- Queue depth over time, for the console's depth chart: one row per backend, queue and sampling
-- bucket. The bucket is part of the key, so consoles sampling at once keep one row; rows older
-- than a day are deleted by the sampler itself (dev.jqueue.observability.QueueDepthHistory).
CREATE TABLE jqueue_queue_depth_samples (
    backend_alias TEXT    NOT NULL,
    sampled_at    TEXT    NOT NULL,
    queue_name    TEXT    NOT NULL,
    ready         INTEGER NOT NULL,
    scheduled     INTEGER NOT NULL,
    PRIMARY KEY (backend_alias, sampled_at, queue_name)
);
