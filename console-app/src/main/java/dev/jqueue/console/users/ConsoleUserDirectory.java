package dev.jqueue.console.users;

import dev.jqueue.console.ConsoleProperties;
import dev.jqueue.console.security.ConfiguredUsers;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.security.NoConsoleUsersException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may sign in: the bootstrap users of {@code jqueue.console.users} (read-only here, always
 * enabled, and they win over a stored user of the same name) and the users stored in
 * {@code jqueue_console_users}. User names are case-insensitive. Refuses to start when there is
 * nobody at all.
 */
public class ConsoleUserDirectory implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ConsoleUserDirectory.class);

    private final Map<String, UserDetails> configured = new LinkedHashMap<>();
    private final ConsoleUserRepository stored;

    public ConsoleUserDirectory(ConsoleProperties properties, ConsoleUserRepository stored) {
        this.stored = stored;
        for (UserDetails user : ConfiguredUsers.from(properties)) {
            configured.put(normalize(user.getUsername()), user);
        }
        if (configured.isEmpty() && stored.count() == 0) {
            throw new NoConsoleUsersException();
        }
        configured.keySet().stream().filter(name -> stored.findByUsername(name).isPresent()).forEach(name -> log.warn(
                "console user '{}' is both configured (jqueue.console.users) and stored; the configured one signs in", name));
    }

    /** How user names are compared and stored. */
    public static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        String name = normalize(username);
        UserDetails bootstrap = configured.get(name);
        if (bootstrap != null) {
            // A copy: Spring Security erases the password of what it is handed after sign-in.
            return User.withUserDetails(bootstrap).build();
        }
        ConsoleUser user = stored.findByUsername(name).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        return User.withUsername(user.username()).password(user.passwordHash())
                .roles(user.role().included().stream().map(Enum::name).toArray(String[]::new))
                .disabled(!user.enabled()).build();
    }

    /** Whether this name belongs to a bootstrap user from configuration. */
    public boolean isConfigured(String username) {
        return configured.containsKey(normalize(username));
    }

    /** The bootstrap users as the Users page lists them. */
    public List<ConfiguredUser> configuredUsers() {
        return configured.values().stream().map(user -> new ConfiguredUser(normalize(user.getUsername()),
                ConsoleRole.highestOf(user.getAuthorities().stream().map(a -> a.getAuthority()).toList())
                        .orElse(ConsoleRole.VIEWER))).toList();
    }

    /** Configured admins: they always count towards "at least one admin". */
    long configuredAdmins() {
        return configuredUsers().stream().filter(user -> user.role() == ConsoleRole.ADMIN).count();
    }

    /** A user from {@code jqueue.console.users}. */
    public record ConfiguredUser(String username, ConsoleRole role) {
    }
}
