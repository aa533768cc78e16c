-- Unique jobs (@Unique): one row per backend and key, naming the job that took it. Taking a key
-- is an insert that the primary key makes race-free; see dev.jqueue.unique.UniqueKeyStore.
CREATE TABLE jqueue_unique_keys (
    backend_alias TEXT NOT NULL,
    unique_key    TEXT NOT NULL,
    job_id        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (backend_alias, unique_key)
);
CREATE INDEX jqueue_unique_keys_job_idx ON jqueue_unique_keys (job_id);
