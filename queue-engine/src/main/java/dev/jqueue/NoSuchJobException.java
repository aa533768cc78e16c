package dev.jqueue;

import java.util.UUID;

/** The backend has no job with this id (never existed, deleted, or belongs to another backend). */
public class NoSuchJobException extends JQueueError {

    public NoSuchJobException(UUID id, String backend) {
        super("job " + id + " does not exist in backend '" + backend + "'");
    }
}
