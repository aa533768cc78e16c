-- Unique jobs (@Unique): one row per backend and key, naming the job that took it. Taking a key
-- is an insert that the primary key makes race-free; see dev.jqueue.unique.UniqueKeyStore.
CREATE TABLE jqueue_unique_keys (
    backend_alias varchar(64)  NOT NULL,
    unique_key    varchar(255) NOT NULL,
    job_id        uuid         NOT NULL,
    created_at    timestamptz  NOT NULL,
    PRIMARY KEY (backend_alias, unique_key)
);
CREATE INDEX jqueue_unique_keys_job_idx ON jqueue_unique_keys (job_id);
