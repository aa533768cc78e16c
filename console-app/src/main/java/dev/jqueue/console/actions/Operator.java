package dev.jqueue.console.actions;

import dev.jqueue.console.security.ConsoleRole;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user as the actions see them: a name and the highest console role granted. */
public record Operator(String name, ConsoleRole role) {

    /** The current user, or an anonymous nobody (who may do nothing). */
    public static Optional<Operator> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        return ConsoleRole.highestOf(authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList())
                .map(role -> new Operator(authentication.getName(), role));
    }

    public boolean has(ConsoleRole needed) {
        return role.compareTo(needed) >= 0;
    }
}
