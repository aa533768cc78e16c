package dev.jqueue.console.security.throttle;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stops a sign-in for a locked-out user name or client address before its password is checked
 * (so guessing on costs nothing but time, and a right password is refused too), and sends the
 * browser back to the login page with the lock-out message.
 */
public class LockedOutLoginFilter extends OncePerRequestFilter {

    private final RequestMatcher loginRequest;
    private final LoginThrottle throttle;
    private final SignInAuditor auditor;
    private final ThrottledLoginFailureHandler redirect;

    public LockedOutLoginFilter(RequestMatcher loginRequest, LoginThrottle throttle, SignInAuditor auditor,
                                ThrottledLoginFailureHandler redirect) {
        this.loginRequest = loginRequest;
        this.throttle = throttle;
        this.auditor = auditor;
        this.redirect = redirect;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (loginRequest.matches(request)) {
            String username = String.valueOf(request.getParameter("username"));
            Optional<Instant> until = throttle.lockedUntil(username, request.getRemoteAddr());
            if (until.isPresent()) {
                auditor.refusedWhileLocked(username, request.getRemoteAddr(), until.get());
                redirect.sendLockedOut(request, response, until.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
