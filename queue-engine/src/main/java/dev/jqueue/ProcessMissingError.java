package dev.jqueue;

/**
 * Recorded as the error of a failed job: The job was claimed by a process whose row no longer exists (an orphaned claim).
 * jqueue records it; it is never thrown to application code.
 */
public class ProcessMissingError extends JQueueError {

    public ProcessMissingError(String message) {
        super(message);
    }
}
