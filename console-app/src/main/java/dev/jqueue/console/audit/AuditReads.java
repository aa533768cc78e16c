package dev.jqueue.console.audit;

import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.ui.Permissions;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Reads of the audit log, for ADMINs only: checked here on the server as well as on the page,
 * so a lower role cannot read the log through a forged request either.
 */
@Service
public class AuditReads {

    /** Actions ConsoleActions records, for the action filter. */
    public static final List<String> ACTIONS = List.of("retry", "discard", "retry-matching", "discard-matching", "run-now",
            "enqueue-copy", "enqueue-copy-now", "pause", "resume", "clear", "schedule-recurring", "unschedule-recurring");

    /** The filters of the page; null means any. */
    public record AuditQuery(String actor, String action, String outcome, String text, Instant from, Instant to) {
    }

    private final Backends backends;

    public AuditReads(Backends backends) {
        this.backends = backends;
    }

    /** Events of the backend's database matching the query, newest first. */
    public List<AuditEvent> search(String alias, AuditQuery query, int offset, int limit) {
        if (!Permissions.has(ConsoleRole.ADMIN)) {
            throw new AccessDeniedException("the audit log needs the " + ConsoleRole.ADMIN.label() + " role");
        }
        return new AuditLog(backends.get(alias).context().db).search(query.actor(), query.action(), query.outcome(),
                query.text(), query.from(), query.to(), offset, limit);
    }
}
