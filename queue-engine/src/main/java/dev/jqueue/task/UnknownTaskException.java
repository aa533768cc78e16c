package dev.jqueue.task;

/** A job names a task path that no bean in this application declares. */
public class UnknownTaskException extends RuntimeException {

    public UnknownTaskException(String path) {
        super("task '" + path + "' is not registered in this application (no @JQueueTask method has that path)");
    }
}
