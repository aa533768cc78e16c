package dev.jqueue.console.security.endpoints;

import dev.jqueue.observability.BearerToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that presents the observability bearer token (compared in constant
 * time by the engine's {@link BearerToken}), for that request only: nothing goes into a session.
 */
final class ScrapeTokenFilter extends OncePerRequestFilter {

    private final BearerToken token;
    private final String authority;

    ScrapeTokenFilter(BearerToken token, String role) {
        this.token = token;
        this.authority = "ROLE_" + role;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && token.permits(authorization)) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("metrics-scraper", null,
                    List.of(new SimpleGrantedAuthority(authority))));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
