package dev.jqueue;

/**
 * A validation or state-conflict failure of an enqueue or job operation.
 * When it is thrown, nothing has been written.
 */
public class EnqueueError extends JQueueError {

    public EnqueueError(String message) {
        super(message);
    }

    public EnqueueError(String message, Throwable cause) {
        super(message, cause);
    }
}
