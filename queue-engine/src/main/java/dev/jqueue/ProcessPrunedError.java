package dev.jqueue;

/**
 * Recorded as the error of a failed job: The job was claimed by a process whose heartbeat expired; the process was pruned.
 * jqueue records it; it is never thrown to application code.
 */
public class ProcessPrunedError extends JQueueError {

    public ProcessPrunedError(String message) {
        super(message);
    }
}
