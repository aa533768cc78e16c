package dev.jqueue.console.actions;

import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.security.ConsoleRole;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The one place console actions are authorized and audited: the current operator's role is
 * checked on the server, the work runs, and the outcome (success, refused, error) is written to
 * the audit log of the backend it concerns. Events that belong to the console rather than to a
 * backend (sign-ins, user management) go to the primary backend's log.
 */
@Component
public class AuditedActions {

    private final Backends backends;
    private final Map<String, AuditLog> audits = new ConcurrentHashMap<>();

    public AuditedActions(Backends backends) {
        this.backends = backends;
    }

    /** The backend whose audit log keeps the console's own events. */
    public String consoleBackend() {
        return backends.primary().backend();
    }

    /** Runs an action as the current operator: authorized, performed, audited. */
    public ActionResult perform(String backend, String action, ConsoleRole needed, String targetType, String target,
                                Supplier<ActionResult> work) {
        Operator operator = Operator.current().orElse(new Operator("anonymous", null));
        if (operator.role() == null || !operator.has(needed)) {
            record(backend, operator, action, targetType, target, 0, AuditEvent.REFUSED, "needs " + needed.name());
            throw new ActionRefused(action, needed, operator.name());
        }
        try {
            ActionResult result = work.get();
            record(backend, operator, action, targetType, target, result.affected(), AuditEvent.SUCCESS, result.message());
            return result;
        } catch (RuntimeException e) {
            record(backend, operator, action, targetType, target, 0, AuditEvent.ERROR, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** Writes one event in its own transaction; {@code operator.role()} may be null (nobody signed in). */
    public void record(String backend, Operator operator, String action, String targetType, String target, int affected,
                       String outcome, String detail) {
        audits.computeIfAbsent(backend, alias -> new AuditLog(backends.get(alias).context().db))
                .record(new AuditEvent(null, Instant.now(), operator.name(),
                        operator.role() == null ? null : operator.role().name(), backend, action, targetType, target,
                        affected, outcome, detail));
    }
}
