-- Queue depth over time, for the console's depth chart: one row per backend, queue and sampling
-- bucket. The bucket is part of the key, so consoles sampling at once keep one row; rows older
-- than a day are deleted by the sampler itself (dev.jqueue.observability.QueueDepthHistory).
CREATE TABLE jqueue_queue_depth_samples (
    backend_alias varchar(64) NOT NULL,
    sampled_at    timestamptz NOT NULL,
    queue_name    varchar(64) NOT NULL,
    ready         bigint      NOT NULL,
    scheduled     bigint      NOT NULL,
    PRIMARY KEY (backend_alias, sampled_at, queue_name)
);
