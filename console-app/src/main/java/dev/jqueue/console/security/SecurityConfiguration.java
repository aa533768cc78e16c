package dev.jqueue.console.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.jqueue.console.ConsoleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Form login through the Vaadin login view; every view declares the least role it needs.
 * Users come from configuration. An OIDC login can replace this chain with standard Spring
 * Security configuration, as long as it grants the ROLE_VIEWER/OPERATOR/ADMIN authorities.
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    @Bean
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http) throws Exception {
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
    }

    /** Delegating, so stored passwords say how they are hashed ({bcrypt}, {noop}). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager consoleUsers(ConsoleProperties properties) {
        return new InMemoryUserDetailsManager(ConfiguredUsers.from(properties));
    }
}
