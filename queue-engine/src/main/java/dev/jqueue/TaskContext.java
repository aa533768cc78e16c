package dev.jqueue;

import java.util.UUID;

/**
 * Optional first-class parameter of a task method: declare a parameter of this type
 * (anywhere in the signature) and the worker passes the running job's context. It is not
 * part of the stored arguments.
 */
public record TaskContext(UUID jobId, int attempt, String backend, String queueName, String workerName) {
}
