package dev.jqueue.console.security.throttle;

import dev.jqueue.audit.AuditEvent;
import dev.jqueue.console.actions.AuditedActions;
import dev.jqueue.console.actions.Operator;
import dev.jqueue.console.security.ConsoleRole;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Every sign-in, as Spring Security announces it: a failure is counted by the {@link LoginThrottle},
 * logged ({@code console.sign-in.failed}, {@code console.sign-in.locked}) and audited as refused;
 * a success clears the name's count and is audited. Refusals of a locked-out name or address are
 * audited by {@link LockedOutLoginFilter}, which stops them before any password is checked.
 */
public class SignInAuditor {

    static final String ACTION = "sign-in";
    private static final Logger log = LoggerFactory.getLogger(SignInAuditor.class);

    private final LoginThrottle throttle;
    private final AuditedActions audit;

    public SignInAuditor(LoginThrottle throttle, AuditedActions audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    @EventListener
    public void failed(AbstractAuthenticationFailureEvent event) {
        String username = String.valueOf(event.getAuthentication().getName());
        String address = address(event.getAuthentication());
        LoginThrottle.Outcome outcome = throttle.recordFailure(username, address);
        String detail = "sign-in failed (" + outcome.userFailures() + " failure(s) of this user name)"
                + outcome.lockedUntil().map(until -> "; locked out until " + until).orElse("");
        if (outcome.lockedUntil().isPresent()) {
            log.warn("console.sign-in.locked user={} address={} failures={} until={}", LogText.safe(username), address,
                    outcome.userFailures(), outcome.lockedUntil().get());
        } else {
            log.warn("console.sign-in.failed user={} address={} failures={}", LogText.safe(username), address,
                    outcome.userFailures());
        }
        audit.record(audit.consoleBackend(), new Operator(username, null), ACTION, "address", address, 0,
                AuditEvent.REFUSED, detail);
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        Authentication authentication = event.getAuthentication();
        throttle.recordSuccess(authentication.getName());
        Optional<ConsoleRole> role = ConsoleRole.highestOf(
                authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        String address = address(authentication);
        log.info("console.sign-in user={} address={} role={}", LogText.safe(authentication.getName()), address,
                role.map(Enum::name).orElse("none"));
        audit.record(audit.consoleBackend(), new Operator(authentication.getName(), role.orElse(null)), ACTION, "address",
                address, 0, AuditEvent.SUCCESS, role.isPresent() ? "signed in" : "signed in without a console role");
    }

    /** A sign-in refused because the name or address is locked out; the password was not checked. */
    void refusedWhileLocked(String username, String address, Instant until) {
        log.warn("console.sign-in.throttled user={} address={} until={}", LogText.safe(username), address, until);
        audit.record(audit.consoleBackend(), new Operator(username, null), ACTION, "address", address, 0,
                AuditEvent.REFUSED, "locked out until " + until + "; password not checked");
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
    }
}
