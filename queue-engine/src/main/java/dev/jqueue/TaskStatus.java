package dev.jqueue;

/** The coarse status of a job, as a producer sees it. {@link JobState} is the finer one. */
public enum TaskStatus {
    /** Waiting: ready, scheduled or blocked. */
    READY,
    /** Claimed by a worker. */
    RUNNING,
    /** Finished (including a job discarded on a concurrency conflict). */
    SUCCESSFUL,
    /** Failed, or in an invalid state. */
    FAILED
}
