-- jqueue schema for MySQL 8+ and MariaDB 10.6+. Timestamps are DATETIME(6) in UTC,
-- job ids CHAR(36) UUIDs, JSON kept as LONGTEXT (the engine validates it).
-- processes.supervisor_id has no foreign key: MySQL forbids SET NULL on the base
-- column of a generated column, so the engine clears it when a supervisor row goes.
-- recurring_executions has no CHECK (job_id IS NULL OR job_id = intended_job_id): MySQL
-- 8.0.16+ refuses a CHECK on a column that a foreign key with ON DELETE CASCADE uses (error
-- 3823). The engine's only writer of job_id sets it from intended_job_id, and deep health
-- reports any row where they differ (docs/decisions.md, "MySQL family schema").
-- Every statement here is checked against the MySQL 8.0/8.4 rules listed there; the file was
-- edited in place before the first release.

CREATE TABLE jqueue_jobs (
    id                      CHAR(36) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    task_path               VARCHAR(512) NOT NULL,
    queue_name              VARCHAR(64)  NOT NULL DEFAULT 'default',
    priority                SMALLINT     NOT NULL DEFAULT 0,
    payload                 LONGTEXT     NOT NULL,
    backend_alias           VARCHAR(64)  NOT NULL DEFAULT 'default',
    scheduled_at            DATETIME(6)  NULL,
    concurrency_key         VARCHAR(255) NULL,
    concurrency_limit       INT          NULL,
    concurrency_duration    INT          NULL,
    concurrency_on_conflict VARCHAR(7)   NULL,
    attempts                INT          NOT NULL DEFAULT 0,
    finished_at             DATETIME(6)  NULL,
    return_value            LONGTEXT     NULL,
    created_at              DATETIME(6)  NOT NULL,
    updated_at              DATETIME(6)  NOT NULL,
    CONSTRAINT jqueue_jobs_priority_range CHECK (priority BETWEEN -100 AND 100),
    CONSTRAINT jqueue_jobs_concurrency_policy CHECK (
        (concurrency_limit IS NULL AND concurrency_duration IS NULL AND concurrency_on_conflict IS NULL)
        OR (concurrency_key IS NOT NULL AND concurrency_key <> '' AND concurrency_limit >= 1
            AND concurrency_duration >= 1 AND concurrency_on_conflict IN ('block', 'discard'))),
    INDEX jqueue_jobs_queue_finished_idx (queue_name, finished_at),
    INDEX jqueue_jobs_scheduled_finished_idx (scheduled_at, finished_at),
    INDEX jqueue_jobs_finished_idx (finished_at),
    INDEX jqueue_jobs_b_finished_id_idx (backend_alias, finished_at, id),
    INDEX jqueue_jobs_b_queue_id_idx (backend_alias, queue_name, id),
    INDEX jqueue_jobs_b_conc_idx (backend_alias, concurrency_key),
    INDEX jqueue_jobs_b_task_idx (backend_alias, task_path(255))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_processes (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    backend_alias       VARCHAR(64)  NOT NULL DEFAULT 'default',
    kind                VARCHAR(32)  NOT NULL,
    pid                 INT          NOT NULL,
    hostname            VARCHAR(255) NOT NULL,
    name                VARCHAR(255) NOT NULL,
    metadata            LONGTEXT     NOT NULL,
    supervisor_id       BIGINT       NULL,
    supervisor_identity BIGINT AS (COALESCE(supervisor_id, 0)) STORED,
    last_heartbeat_at   DATETIME(6)  NOT NULL,
    created_at          DATETIME(6)  NOT NULL,
    UNIQUE INDEX jqueue_processes_backend_name_parent_uniq (backend_alias, name, supervisor_identity),
    INDEX jqueue_processes_supervisor_idx (supervisor_id),
    INDEX jqueue_processes_heartbeat_idx (last_heartbeat_at),
    INDEX jqueue_processes_b_heart_id_idx (backend_alias, last_heartbeat_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_ready_executions (
    id                 BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_id             CHAR(36) CHARACTER SET ascii NOT NULL,
    backend_alias      VARCHAR(64) NOT NULL,
    queue_name         VARCHAR(64) NOT NULL,
    priority           SMALLINT    NOT NULL DEFAULT 0,
    created_at         DATETIME(6) NOT NULL,
    latency_started_at DATETIME(6) NULL,
    UNIQUE INDEX jqueue_re_job_uniq (job_id),
    INDEX jqueue_re_b_prio_d_idx (backend_alias, priority DESC, id),
    INDEX jqueue_re_b_queue_d_idx (backend_alias, queue_name, priority DESC, id),
    CONSTRAINT jqueue_re_job_fk FOREIGN KEY (job_id) REFERENCES jqueue_jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_scheduled_executions (
    id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_id        CHAR(36) CHARACTER SET ascii NOT NULL,
    backend_alias VARCHAR(64) NOT NULL,
    queue_name    VARCHAR(64) NOT NULL,
    priority      SMALLINT    NOT NULL DEFAULT 0,
    scheduled_at  DATETIME(6) NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    UNIQUE INDEX jqueue_se_job_uniq (job_id),
    INDEX jqueue_se_b_due_d_idx (backend_alias, scheduled_at, priority DESC, id),
    CONSTRAINT jqueue_se_job_fk FOREIGN KEY (job_id) REFERENCES jqueue_jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_claimed_executions (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_id     CHAR(36) CHARACTER SET ascii NOT NULL,
    process_id BIGINT      NULL,
    created_at DATETIME(6) NOT NULL,
    UNIQUE INDEX jqueue_ce_job_uniq (job_id),
    INDEX jqueue_ce_process_job_idx (process_id, job_id),
    CONSTRAINT jqueue_ce_job_fk FOREIGN KEY (job_id) REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    CONSTRAINT jqueue_ce_process_fk FOREIGN KEY (process_id) REFERENCES jqueue_processes (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_blocked_executions (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    backend_alias   VARCHAR(64)  NOT NULL,
    queue_name      VARCHAR(64)  NOT NULL,
    priority        SMALLINT     NOT NULL DEFAULT 0,
    concurrency_key VARCHAR(255) NOT NULL,
    expires_at      DATETIME(6)  NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    UNIQUE INDEX jqueue_bl_job_uniq (job_id),
    INDEX jqueue_bl_b_conc_d_idx (backend_alias, concurrency_key, priority DESC, id),
    INDEX jqueue_bl_b_exp_d_idx (backend_alias, expires_at, priority DESC, id),
    INDEX jqueue_bl_conc_d_idx (concurrency_key, priority DESC, id),
    CONSTRAINT jqueue_bl_job_fk FOREIGN KEY (job_id) REFERENCES jqueue_jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_failed_executions (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    exception_class VARCHAR(255) NOT NULL,
    message         LONGTEXT     NOT NULL,
    traceback       LONGTEXT     NOT NULL,
    retry_at        DATETIME(6)  NULL,
    created_at      DATETIME(6)  NOT NULL,
    UNIQUE INDEX jqueue_fe_job_uniq (job_id),
    INDEX jqueue_fe_created_job_idx (created_at, job_id),
    INDEX jqueue_fe_retry_job_idx (retry_at, job_id),
    CONSTRAINT jqueue_fe_job_fk FOREIGN KEY (job_id) REFERENCES jqueue_jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_semaphores (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `key`        VARCHAR(255) NOT NULL,
    value        INT          NOT NULL,
    active_count INT          NULL,
    `limit`      INT          NOT NULL,
    expires_at   DATETIME(6)  NOT NULL,
    created_at   DATETIME(6)  NOT NULL,
    updated_at   DATETIME(6)  NOT NULL,
    UNIQUE INDEX jqueue_semaphores_key_uniq (`key`),
    INDEX jqueue_semaphores_key_value_idx (`key`, value),
    INDEX jqueue_semaphores_expires_idx (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_pauses (
    id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    backend_alias VARCHAR(64) NOT NULL DEFAULT 'default',
    queue_name    VARCHAR(64) NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    UNIQUE INDEX jqueue_pauses_backend_queue_uniq (backend_alias, queue_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_recurring_tasks (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    backend_alias VARCHAR(64)  NOT NULL DEFAULT 'default',
    `key`         VARCHAR(255) NOT NULL,
    task_path     VARCHAR(255) NOT NULL,
    payload       LONGTEXT     NULL,
    schedule      VARCHAR(255) NOT NULL,
    queue_name    VARCHAR(64)  NOT NULL DEFAULT 'default',
    priority      SMALLINT     NOT NULL DEFAULT 0,
    description   LONGTEXT     NOT NULL,
    static        BOOLEAN      NOT NULL DEFAULT FALSE,
    next_run_at   DATETIME(6)  NULL,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    UNIQUE INDEX jqueue_recurring_tasks_backend_key_uniq (backend_alias, `key`),
    INDEX jqueue_rt_next_run_idx (backend_alias, next_run_at, `key`),
    CONSTRAINT jqueue_recurring_tasks_priority_range CHECK (priority BETWEEN -100 AND 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_recurring_executions (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    backend_alias   VARCHAR(64)  NOT NULL DEFAULT 'default',
    intended_job_id CHAR(36) CHARACTER SET ascii NOT NULL,
    job_id          CHAR(36) CHARACTER SET ascii NULL,
    task_key        VARCHAR(255) NOT NULL,
    run_at          DATETIME(6)  NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    UNIQUE INDEX jqueue_recur_exec_backend_run_at_unique (backend_alias, task_key, run_at),
    UNIQUE INDEX jqueue_recur_exec_job_uniq (job_id),
    INDEX jqueue_recur_exec_b_run_id_idx (backend_alias, run_at, id),
    CONSTRAINT jqueue_recur_exec_job_fk FOREIGN KEY (job_id) REFERENCES jqueue_jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE jqueue_audit_events (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at   DATETIME(6)  NOT NULL,
    actor         VARCHAR(255) NOT NULL,
    role          VARCHAR(32)  NULL,
    backend_alias VARCHAR(64)  NULL,
    action        VARCHAR(64)  NOT NULL,
    target_type   VARCHAR(32)  NOT NULL,
    target        LONGTEXT     NOT NULL,
    affected      INT          NOT NULL DEFAULT 0,
    outcome       VARCHAR(16)  NOT NULL,
    detail        LONGTEXT     NOT NULL,
    INDEX jqueue_audit_occurred_idx (occurred_at, id),
    INDEX jqueue_audit_actor_idx (actor, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
