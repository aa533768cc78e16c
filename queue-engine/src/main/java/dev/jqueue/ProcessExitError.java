package dev.jqueue;

/**
 * Recorded as the error of a failed job: A worker process or runner thread ended (exited, was killed, or crashed, or was stopped at the shutdown timeout) while it held the job.
 * jqueue records it; it is never thrown to application code.
 */
public class ProcessExitError extends JQueueError {

    public ProcessExitError(String message) {
        super(message);
    }
}
