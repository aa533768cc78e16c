package dev.jqueue;

import java.util.Map;

/** A supervisor, worker, dispatcher or scheduler process row, as lifecycle hooks see it. */
public record ProcessInfo(long id, String backend, String kind, String name, long pid, String hostname,
                          Long supervisorId, Map<String, Object> metadata) {
}
