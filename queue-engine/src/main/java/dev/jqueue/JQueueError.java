package dev.jqueue;

/** Base class of every error jqueue raises on purpose. */
public class JQueueError extends RuntimeException {

    public JQueueError(String message) {
        super(message);
    }

    public JQueueError(String message, Throwable cause) {
        super(message, cause);
    }
}
