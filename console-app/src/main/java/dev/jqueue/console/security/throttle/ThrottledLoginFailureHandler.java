package dev.jqueue.console.security.throttle;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Where a failed sign-in goes: {@code login?error} as usual, or {@code login?locked=<minutes>}
 * once this failure (counted already by {@link SignInAuditor}) locked the name or address out.
 * Both messages are the same whether or not the user name exists.
 */
public class ThrottledLoginFailureHandler implements AuthenticationFailureHandler {

    private final String loginPath;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    public ThrottledLoginFailureHandler(String loginPath, LoginThrottle throttle, Clock clock) {
        this.loginPath = loginPath;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        var until = throttle.lockedUntil(String.valueOf(request.getParameter("username")), request.getRemoteAddr());
        if (until.isPresent()) {
            sendLockedOut(request, response, until.get());
        } else {
            redirects.sendRedirect(request, response, loginPath + "?error");
        }
    }

    void sendLockedOut(HttpServletRequest request, HttpServletResponse response, Instant until) throws IOException {
        long seconds = Math.max(1, Duration.between(clock.instant(), until).toSeconds());
        long minutes = (seconds + 59) / 60;
        redirects.sendRedirect(request, response, loginPath + "?locked=" + minutes);
    }
}
