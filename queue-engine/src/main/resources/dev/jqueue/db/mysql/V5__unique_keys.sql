-- Unique jobs (@Unique): one row per backend and key, naming the job that took it. Taking a key
-- is an insert that the primary key makes race-free; see dev.jqueue.unique.UniqueKeyStore.
CREATE TABLE jqueue_unique_keys (
    backend_alias VARCHAR(64)  NOT NULL,
    unique_key    VARCHAR(255) NOT NULL,
    job_id        CHAR(36) CHARACTER SET ascii NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (backend_alias, unique_key),
    INDEX jqueue_unique_keys_job_idx (job_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
