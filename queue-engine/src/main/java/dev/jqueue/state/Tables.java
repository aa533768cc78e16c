package dev.jqueue.state;

/** Table names, in one place so that SQL reads the same everywhere. */
public final class Tables {
    public static final String JOBS = "jqueue_jobs";
    public static final String READY = "jqueue_ready_executions";
    public static final String SCHEDULED = "jqueue_scheduled_executions";
    public static final String CLAIMED = "jqueue_claimed_executions";
    public static final String BLOCKED = "jqueue_blocked_executions";
    public static final String FAILED = "jqueue_failed_executions";
    public static final String PROCESSES = "jqueue_processes";
    public static final String PAUSES = "jqueue_pauses";
    public static final String SEMAPHORES = "jqueue_semaphores";
    public static final String RECURRING_TASKS = "jqueue_recurring_tasks";
    public static final String RECURRING_EXECUTIONS = "jqueue_recurring_executions";
    public static final String DEPTH_SAMPLES = "jqueue_queue_depth_samples";
    public static final String UNIQUE_KEYS = "jqueue_unique_keys";

    /** The five execution tables, each holding at most one row per job. */
    public static final String[] EXECUTIONS = {READY, SCHEDULED, CLAIMED, BLOCKED, FAILED};

    private Tables() {
    }
}
