-- jqueue schema for PostgreSQL 14+. Job ids are UUIDs; execution rows have
-- BIGSERIAL ids whose order is the FIFO order inside a priority.

CREATE TABLE jqueue_jobs (
    id                      uuid PRIMARY KEY,
    task_path               text         NOT NULL,
    queue_name              varchar(64)  NOT NULL DEFAULT 'default',
    priority                smallint     NOT NULL DEFAULT 0,
    payload                 jsonb        NOT NULL,
    backend_alias           varchar(64)  NOT NULL DEFAULT 'default',
    scheduled_at            timestamptz  NULL,
    concurrency_key         varchar(255) NULL,
    concurrency_limit       integer      NULL,
    concurrency_duration    integer      NULL,
    concurrency_on_conflict varchar(7)   NULL,
    attempts                integer      NOT NULL DEFAULT 0,
    finished_at             timestamptz  NULL,
    return_value            jsonb        NULL,
    created_at              timestamptz  NOT NULL,
    updated_at              timestamptz  NOT NULL,
    CONSTRAINT jqueue_jobs_priority_range CHECK (priority BETWEEN -100 AND 100),
    CONSTRAINT jqueue_jobs_concurrency_policy CHECK (
        (concurrency_limit IS NULL AND concurrency_duration IS NULL AND concurrency_on_conflict IS NULL)
        OR (concurrency_key IS NOT NULL AND concurrency_key <> '' AND concurrency_limit >= 1
            AND concurrency_duration >= 1 AND concurrency_on_conflict IN ('block', 'discard')))
);
CREATE INDEX jqueue_jobs_queue_finished_idx ON jqueue_jobs (queue_name, finished_at);
CREATE INDEX jqueue_jobs_scheduled_finished_idx ON jqueue_jobs (scheduled_at, finished_at);
CREATE INDEX jqueue_jobs_finished_idx ON jqueue_jobs (finished_at);
CREATE INDEX jqueue_jobs_b_finished_id_idx ON jqueue_jobs (backend_alias, finished_at, id);
CREATE INDEX jqueue_jobs_b_queue_id_idx ON jqueue_jobs (backend_alias, queue_name, id);
CREATE INDEX jqueue_jobs_b_conc_idx ON jqueue_jobs (backend_alias, concurrency_key);
CREATE INDEX jqueue_jobs_b_task_idx ON jqueue_jobs (backend_alias, task_path);

CREATE TABLE jqueue_processes (
    id                  bigserial PRIMARY KEY,
    backend_alias       varchar(64)  NOT NULL DEFAULT 'default',
    kind                varchar(32)  NOT NULL,
    pid                 integer      NOT NULL,
    hostname            varchar(255) NOT NULL,
    name                varchar(255) NOT NULL,
    metadata            jsonb        NOT NULL DEFAULT '{}',
    supervisor_id       bigint       NULL REFERENCES jqueue_processes (id) ON DELETE SET NULL,
    supervisor_identity bigint GENERATED ALWAYS AS (COALESCE(supervisor_id, 0)) STORED,
    last_heartbeat_at   timestamptz  NOT NULL,
    created_at          timestamptz  NOT NULL
);
CREATE UNIQUE INDEX jqueue_processes_backend_name_parent_uniq ON jqueue_processes (backend_alias, name, supervisor_identity);
CREATE INDEX jqueue_processes_supervisor_idx ON jqueue_processes (supervisor_id);
CREATE INDEX jqueue_processes_heartbeat_idx ON jqueue_processes (last_heartbeat_at);
CREATE INDEX jqueue_processes_b_heart_id_idx ON jqueue_processes (backend_alias, last_heartbeat_at, id);

CREATE TABLE jqueue_ready_executions (
    id                 bigserial PRIMARY KEY,
    job_id             uuid        NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    backend_alias      varchar(64) NOT NULL,
    queue_name         varchar(64) NOT NULL,
    priority           smallint    NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    latency_started_at timestamptz NULL
);
CREATE INDEX jqueue_re_b_prio_d_idx ON jqueue_ready_executions (backend_alias, priority DESC, id);
CREATE INDEX jqueue_re_b_queue_d_idx ON jqueue_ready_executions (backend_alias, queue_name, priority DESC, id);

CREATE TABLE jqueue_scheduled_executions (
    id            bigserial PRIMARY KEY,
    job_id        uuid        NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    backend_alias varchar(64) NOT NULL,
    queue_name    varchar(64) NOT NULL,
    priority      smallint    NOT NULL DEFAULT 0,
    scheduled_at  timestamptz NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX jqueue_se_b_due_d_idx ON jqueue_scheduled_executions (backend_alias, scheduled_at, priority DESC, id);

CREATE TABLE jqueue_claimed_executions (
    id         bigserial PRIMARY KEY,
    job_id     uuid        NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    process_id bigint      NULL REFERENCES jqueue_processes (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX jqueue_ce_process_job_idx ON jqueue_claimed_executions (process_id, job_id);

CREATE TABLE jqueue_blocked_executions (
    id              bigserial PRIMARY KEY,
    job_id          uuid         NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    backend_alias   varchar(64)  NOT NULL,
    queue_name      varchar(64)  NOT NULL,
    priority        smallint     NOT NULL DEFAULT 0,
    concurrency_key varchar(255) NOT NULL,
    expires_at      timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL
);
CREATE INDEX jqueue_bl_b_conc_d_idx ON jqueue_blocked_executions (backend_alias, concurrency_key, priority DESC, id);
CREATE INDEX jqueue_bl_b_exp_d_idx ON jqueue_blocked_executions (backend_alias, expires_at, priority DESC, id);
CREATE INDEX jqueue_bl_conc_d_idx ON jqueue_blocked_executions (concurrency_key, priority DESC, id);

CREATE TABLE jqueue_failed_executions (
    id              bigserial PRIMARY KEY,
    job_id          uuid         NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    exception_class varchar(255) NOT NULL,
    message         text         NOT NULL DEFAULT '',
    traceback       text         NOT NULL DEFAULT '',
    retry_at        timestamptz  NULL,
    created_at      timestamptz  NOT NULL
);
CREATE INDEX jqueue_fe_created_job_idx ON jqueue_failed_executions (created_at, job_id);
CREATE INDEX jqueue_fe_retry_job_idx ON jqueue_failed_executions (retry_at, job_id);

CREATE TABLE jqueue_semaphores (
    id           bigserial PRIMARY KEY,
    key          varchar(255) NOT NULL UNIQUE,
    value        integer      NOT NULL,
    active_count integer      NULL,
    "limit"      integer      NOT NULL,
    expires_at   timestamptz  NOT NULL,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL
);
CREATE INDEX jqueue_semaphores_key_value_idx ON jqueue_semaphores (key, value);
CREATE INDEX jqueue_semaphores_expires_idx ON jqueue_semaphores (expires_at);

CREATE TABLE jqueue_pauses (
    id            bigserial PRIMARY KEY,
    backend_alias varchar(64) NOT NULL DEFAULT 'default',
    queue_name    varchar(64) NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT jqueue_pauses_backend_queue_uniq UNIQUE (backend_alias, queue_name)
);

CREATE TABLE jqueue_recurring_tasks (
    id            bigserial PRIMARY KEY,
    backend_alias varchar(64)  NOT NULL DEFAULT 'default',
    key           varchar(255) NOT NULL,
    task_path     varchar(255) NOT NULL,
    payload       jsonb        NULL,
    schedule      varchar(255) NOT NULL,
    queue_name    varchar(64)  NOT NULL DEFAULT 'default',
    priority      smallint     NOT NULL DEFAULT 0,
    description   text         NOT NULL DEFAULT '',
    static        boolean      NOT NULL DEFAULT false,
    next_run_at   timestamptz  NULL,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    CONSTRAINT jqueue_recurring_tasks_backend_key_uniq UNIQUE (backend_alias, key),
    CONSTRAINT jqueue_recurring_tasks_priority_range CHECK (priority BETWEEN -100 AND 100)
);
CREATE INDEX jqueue_rt_next_run_idx ON jqueue_recurring_tasks (backend_alias, next_run_at, key);

CREATE TABLE jqueue_recurring_executions (
    id              bigserial PRIMARY KEY,
    backend_alias   varchar(64)  NOT NULL DEFAULT 'default',
    intended_job_id uuid         NOT NULL,
    job_id          uuid         NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    task_key        varchar(255) NOT NULL,
    run_at          timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL,
    CONSTRAINT jqueue_recur_exec_backend_run_at_unique UNIQUE (backend_alias, task_key, run_at),
    CONSTRAINT jqueue_re_job_matches_intended CHECK (job_id IS NULL OR job_id = intended_job_id)
);
CREATE INDEX jqueue_recur_exec_b_run_id_idx ON jqueue_recurring_executions (backend_alias, run_at, id);

CREATE TABLE jqueue_audit_events (
    id          bigserial PRIMARY KEY,
    occurred_at timestamptz  NOT NULL,
    actor       varchar(255) NOT NULL,
    role        varchar(32)  NULL,
    backend_alias varchar(64) NULL,
    action      varchar(64)  NOT NULL,
    target_type varchar(32)  NOT NULL,
    target      text         NOT NULL DEFAULT '',
    affected    integer      NOT NULL DEFAULT 0,
    outcome     varchar(16)  NOT NULL,
    detail      text         NOT NULL DEFAULT ''
);
CREATE INDEX jqueue_audit_occurred_idx ON jqueue_audit_events (occurred_at DESC, id DESC);
CREATE INDEX jqueue_audit_actor_idx ON jqueue_audit_events (actor, occurred_at DESC);
