package dev.jqueue.console.security.endpoints;

import dev.jqueue.config.JQueueProperties;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.observability.BearerToken;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The machine endpoints: {@code /jqueue/stats.json}, {@code /jqueue/metrics} and Actuator's
 * endpoints, in a chain of their own ahead of the Vaadin one, so they never answer with a login
 * redirect. With {@code jqueue.observability.token} set they need that bearer token; without it
 * they need a signed-in console user (the browser's session). Everything else gets 401 with
 * {@code WWW-Authenticate: Bearer}.
 */
@Configuration(proxyBeanMethods = false)
public class EndpointSecurityConfiguration {

    /** The authority of a request that presented the right bearer token. */
    static final String SCRAPER = "SCRAPER";

    @Bean
    @Order(1)
    SecurityFilterChain machineEndpointsFilterChain(HttpSecurity http, JQueueProperties jqueue,
                                                    SessionRegistry sessionRegistry) throws Exception {
        BearerToken token = new BearerToken(jqueue.observability().token());
        http.securityMatcher(new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/jqueue/**"),
                EndpointRequest.toAnyEndpoint()));
        // Read-only GETs with no cookies needed (token) or the console's session cookie (SameSite):
        // there is no form to forge and nothing to save a request for.
        http.csrf(AbstractHttpConfigurer::disable);
        http.requestCache(AbstractHttpConfigurer::disable);
        BearerChallenge challenge = new BearerChallenge();
        // A console session ended by a user change (see SignedInSessions) is refused here too.
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER)
                .maximumSessions(-1).sessionRegistry(sessionRegistry)
                .expiredSessionStrategy(expired -> challenge.commence(expired.getRequest(), expired.getResponse(), null)));
        http.exceptionHandling(errors -> errors.authenticationEntryPoint(challenge).accessDeniedHandler(challenge));
        if (token.required()) {
            http.addFilterBefore(new ScrapeTokenFilter(token, SCRAPER), AuthorizationFilter.class);
            http.authorizeHttpRequests(requests -> requests.anyRequest().hasRole(SCRAPER));
        } else {
            http.authorizeHttpRequests(requests -> requests.anyRequest()
                    .hasAnyRole(ConsoleRole.Names.VIEWER, ConsoleRole.Names.OPERATOR, ConsoleRole.Names.ADMIN));
        }
        return http.build();
    }
}
