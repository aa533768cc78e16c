package dev.jqueue.audit;

import java.time.Instant;

/**
 * One operator action: who, in which role, did what to which target (jobs, a queue, a recurring
 * task), how many it affected, and whether it was allowed and succeeded.
 *
 * @param outcome {@code success}, {@code refused} (not authorized) or {@code error}
 */
public record AuditEvent(Long id, Instant occurredAt, String actor, String role, String backend, String action,
                         String targetType, String target, int affected, String outcome, String detail) {

    public static final String SUCCESS = "success";
    public static final String REFUSED = "refused";
    public static final String ERROR = "error";
}
