-- jqueue schema for SQLite 3.35+. Timestamps are fixed-width ISO-8601 UTC text
-- (sortable as text), job ids UUID text, JSON text. Foreign keys need
-- PRAGMA foreign_keys=ON, which the engine's SQLite dialect sets per connection.

CREATE TABLE jqueue_jobs (
    id                      TEXT    NOT NULL PRIMARY KEY,
    task_path               TEXT    NOT NULL,
    queue_name              TEXT    NOT NULL DEFAULT 'default',
    priority                INTEGER NOT NULL DEFAULT 0,
    payload                 TEXT    NOT NULL,
    backend_alias           TEXT    NOT NULL DEFAULT 'default',
    scheduled_at            TEXT    NULL,
    concurrency_key         TEXT    NULL,
    concurrency_limit       INTEGER NULL,
    concurrency_duration    INTEGER NULL,
    concurrency_on_conflict TEXT    NULL,
    attempts                INTEGER NOT NULL DEFAULT 0,
    finished_at             TEXT    NULL,
    return_value            TEXT    NULL,
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    CONSTRAINT jqueue_jobs_priority_range CHECK (priority BETWEEN -100 AND 100),
    CONSTRAINT jqueue_jobs_concurrency_policy CHECK (
        (concurrency_limit IS NULL AND concurrency_duration IS NULL AND concurrency_on_conflict IS NULL)
        OR (concurrency_key IS NOT NULL AND concurrency_key <> '' AND concurrency_limit >= 1
            AND concurrency_duration >= 1 AND concurrency_on_conflict IN ('block', 'discard')))
) WITHOUT ROWID;
CREATE INDEX jqueue_jobs_queue_finished_idx ON jqueue_jobs (queue_name, finished_at);
CREATE INDEX jqueue_jobs_scheduled_finished_idx ON jqueue_jobs (scheduled_at, finished_at);
CREATE INDEX jqueue_jobs_finished_idx ON jqueue_jobs (finished_at);
CREATE INDEX jqueue_jobs_b_finished_id_idx ON jqueue_jobs (backend_alias, finished_at, id);
CREATE INDEX jqueue_jobs_b_queue_id_idx ON jqueue_jobs (backend_alias, queue_name, id);
CREATE INDEX jqueue_jobs_b_conc_idx ON jqueue_jobs (backend_alias, concurrency_key);
CREATE INDEX jqueue_jobs_b_task_idx ON jqueue_jobs (backend_alias, task_path);

CREATE TABLE jqueue_processes (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    backend_alias       TEXT    NOT NULL DEFAULT 'default',
    kind                TEXT    NOT NULL,
    pid                 INTEGER NOT NULL,
    hostname            TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    metadata            TEXT    NOT NULL DEFAULT '{}',
    supervisor_id       INTEGER NULL REFERENCES jqueue_processes (id) ON DELETE SET NULL,
    supervisor_identity INTEGER GENERATED ALWAYS AS (COALESCE(supervisor_id, 0)) STORED,
    last_heartbeat_at   TEXT    NOT NULL,
    created_at          TEXT    NOT NULL
);
CREATE UNIQUE INDEX jqueue_processes_backend_name_parent_uniq ON jqueue_processes (backend_alias, name, supervisor_identity);
CREATE INDEX jqueue_processes_supervisor_idx ON jqueue_processes (supervisor_id);
CREATE INDEX jqueue_processes_heartbeat_idx ON jqueue_processes (last_heartbeat_at);
CREATE INDEX jqueue_processes_b_heart_id_idx ON jqueue_processes (backend_alias, last_heartbeat_at, id);

CREATE TABLE jqueue_ready_executions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id             TEXT    NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    backend_alias      TEXT    NOT NULL,
    queue_name         TEXT    NOT NULL,
    priority           INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT    NOT NULL,
    latency_started_at TEXT    NULL
);
CREATE INDEX jqueue_re_b_prio_d_idx ON jqueue_ready_executions (backend_alias, priority DESC, id);
CREATE INDEX jqueue_re_b_queue_d_idx ON jqueue_ready_executions (backend_alias, queue_name, priority DESC, id);

CREATE TABLE jqueue_scheduled_executions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id        TEXT    NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    backend_alias TEXT    NOT NULL,
    queue_name    TEXT    NOT NULL,
    priority      INTEGER NOT NULL DEFAULT 0,
    scheduled_at  TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX jqueue_se_b_due_d_idx ON jqueue_scheduled_executions (backend_alias, scheduled_at, priority DESC, id);

CREATE TABLE jqueue_claimed_executions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id     TEXT    NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    process_id INTEGER NULL REFERENCES jqueue_processes (id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX jqueue_ce_process_job_idx ON jqueue_claimed_executions (process_id, job_id);

CREATE TABLE jqueue_blocked_executions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id          TEXT    NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    backend_alias   TEXT    NOT NULL,
    queue_name      TEXT    NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 0,
    concurrency_key TEXT    NOT NULL,
    expires_at      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX jqueue_bl_b_conc_d_idx ON jqueue_blocked_executions (backend_alias, concurrency_key, priority DESC, id);
CREATE INDEX jqueue_bl_b_exp_d_idx ON jqueue_blocked_executions (backend_alias, expires_at, priority DESC, id);
CREATE INDEX jqueue_bl_conc_d_idx ON jqueue_blocked_executions (concurrency_key, priority DESC, id);

CREATE TABLE jqueue_failed_executions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id          TEXT    NOT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    exception_class TEXT    NOT NULL,
    message         TEXT    NOT NULL DEFAULT '',
    traceback       TEXT    NOT NULL DEFAULT '',
    retry_at        TEXT    NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX jqueue_fe_created_job_idx ON jqueue_failed_executions (created_at, job_id);
CREATE INDEX jqueue_fe_retry_job_idx ON jqueue_failed_executions (retry_at, job_id);

CREATE TABLE jqueue_semaphores (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    key          TEXT    NOT NULL UNIQUE,
    value        INTEGER NOT NULL,
    active_count INTEGER NULL,
    "limit"      INTEGER NOT NULL,
    expires_at   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX jqueue_semaphores_key_value_idx ON jqueue_semaphores (key, value);
CREATE INDEX jqueue_semaphores_expires_idx ON jqueue_semaphores (expires_at);

CREATE TABLE jqueue_pauses (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    backend_alias TEXT NOT NULL DEFAULT 'default',
    queue_name    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT jqueue_pauses_backend_queue_uniq UNIQUE (backend_alias, queue_name)
);

CREATE TABLE jqueue_recurring_tasks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    backend_alias TEXT    NOT NULL DEFAULT 'default',
    key           TEXT    NOT NULL,
    task_path     TEXT    NOT NULL,
    payload       TEXT    NULL,
    schedule      TEXT    NOT NULL,
    queue_name    TEXT    NOT NULL DEFAULT 'default',
    priority      INTEGER NOT NULL DEFAULT 0,
    description   TEXT    NOT NULL DEFAULT '',
    static        INTEGER NOT NULL DEFAULT 0,
    next_run_at   TEXT    NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT jqueue_recurring_tasks_backend_key_uniq UNIQUE (backend_alias, key),
    CONSTRAINT jqueue_recurring_tasks_priority_range CHECK (priority BETWEEN -100 AND 100)
);
CREATE INDEX jqueue_rt_next_run_idx ON jqueue_recurring_tasks (backend_alias, next_run_at, key);

CREATE TABLE jqueue_recurring_executions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    backend_alias   TEXT NOT NULL DEFAULT 'default',
    intended_job_id TEXT NOT NULL,
    job_id          TEXT NULL UNIQUE REFERENCES jqueue_jobs (id) ON DELETE CASCADE,
    task_key        TEXT NOT NULL,
    run_at          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CONSTRAINT jqueue_recur_exec_backend_run_at_unique UNIQUE (backend_alias, task_key, run_at),
    CONSTRAINT jqueue_re_job_matches_intended CHECK (job_id IS NULL OR job_id = intended_job_id)
);
CREATE INDEX jqueue_recur_exec_b_run_id_idx ON jqueue_recurring_executions (backend_alias, run_at, id);

CREATE TABLE jqueue_audit_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at   TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    role          TEXT    NULL,
    backend_alias TEXT    NULL,
    action        TEXT    NOT NULL,
    target_type   TEXT    NOT NULL,
    target        TEXT    NOT NULL DEFAULT '',
    affected      INTEGER NOT NULL DEFAULT 0,
    outcome       TEXT    NOT NULL,
    detail        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX jqueue_audit_occurred_idx ON jqueue_audit_events (occurred_at DESC, id DESC);
CREATE INDEX jqueue_audit_actor_idx ON jqueue_audit_events (actor, occurred_at DESC);
