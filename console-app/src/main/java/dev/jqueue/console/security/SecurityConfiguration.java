package dev.jqueue.console.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.jqueue.console.ConsoleProperties;
import dev.jqueue.console.actions.AuditedActions;
import dev.jqueue.console.security.oidc.OidcRoleMapper;
import dev.jqueue.console.security.throttle.LockedOutLoginFilter;
import dev.jqueue.console.security.throttle.LoginThrottle;
import dev.jqueue.console.security.throttle.SignInAuditor;
import dev.jqueue.console.security.throttle.ThrottledLoginFailureHandler;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The console's pages: form login through the Vaadin login view (every view declares the least
 * role it needs), failed sign-ins throttled, and the security headers on everything Vaadin
 * serves. Users come from {@code ConsoleUserDirectory} (configured bootstrap users and the
 * {@code jqueue_console_users} table); with {@code spring.security.oauth2.client.registration.*}
 * set, OpenID Connect providers too, their groups mapped to roles by {@link OidcRoleMapper}.
 * The machine endpoints have a chain of their own
 * ({@code EndpointSecurityConfiguration}), checked first.
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    static final String LOGIN_PATH = "/login";

    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, ConsoleProperties properties, LoginThrottle throttle,
                                                   SignInAuditor auditor,
                                                   ObjectProvider<ClientRegistrationRepository> oidcProviders,
                                                   SessionRegistry sessionRegistry) throws Exception {
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        if (oidcProviders.getIfAvailable() != null) {
            // spring.security.oauth2.client.registration.* is set: offer those providers beside the form.
            OidcRoleMapper roles = new OidcRoleMapper(properties.oidc());
            http.oauth2Login(oidc -> oidc.loginPage(LOGIN_PATH)
                    .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(roles)));
        }

        ThrottledLoginFailureHandler failures = new ThrottledLoginFailureHandler(LOGIN_PATH, throttle, Clock.systemUTC());
        http.formLogin(form -> form.failureHandler(failures));
        http.addFilterBefore(new LockedOutLoginFilter(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, LOGIN_PATH), throttle, auditor, failures),
                UsernamePasswordAuthenticationFilter.class);

        // Sessions are registered so that changing or disabling a user ends that user's sessions.
        http.sessionManagement(sessions -> sessions.maximumSessions(-1).sessionRegistry(sessionRegistry)
                .expiredUrl(LOGIN_PATH));

        http.headers(headers -> headers
                // Vaadin answers page requests through a forward that commits the response past
                // Spring Security's lazy header writing: write them before the request goes on.
                .withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                })
                .contentTypeOptions(options -> { })
                .frameOptions(frames -> frames.deny())
                // Console URLs name queues, tasks and job ids: other sites learn nothing from a link.
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .contentSecurityPolicy(csp -> csp.policyDirectives(properties.security().contentSecurityPolicy())));
        return http.build();
    }

    /** Delegating, so stored passwords say how they are hashed ({bcrypt}, {noop}); new ones are bcrypt. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SessionRegistry sessionRegistry() {
        return new SessionRegistryImpl();
    }

    /** Tells the session registry when the servlet container ends a session (timeout, sign-out). */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    @Bean
    LoginThrottle loginThrottle(ConsoleProperties properties) {
        return new LoginThrottle(properties.security().login(), Clock.systemUTC());
    }

    @Bean
    SignInAuditor signInAuditor(LoginThrottle throttle, AuditedActions audit) {
        return new SignInAuditor(throttle, audit);
    }
}
