package dev.jqueue;

/** How long a unique job keeps its key ({@link Unique#scope()}). */
public enum UniqueScope {
    /** While it waits to run now: ready, or blocked on a concurrency limit. A copy for later is allowed. */
    QUEUED,
    /** Until a worker starts it: ready, scheduled or blocked. */
    UNTIL_STARTED,
    /** Until it has run: also while it runs, and while it failed with an automatic retry pending. */
    UNTIL_FINISHED
}
