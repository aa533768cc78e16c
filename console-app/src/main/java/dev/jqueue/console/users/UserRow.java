package dev.jqueue.console.users;

import dev.jqueue.console.security.ConsoleRole;
import java.time.Instant;

/**
 * One line of the Users page.
 *
 * @param configured from {@code jqueue.console.users}: read-only in the console
 * @param updatedAt null for configured users
 */
public record UserRow(String username, ConsoleRole role, boolean enabled, boolean configured, Instant createdAt,
                      Instant updatedAt, String updatedBy) {

    static UserRow configured(String username, ConsoleRole role) {
        return new UserRow(username, role, true, true, null, null, null);
    }

    static UserRow stored(ConsoleUser user) {
        return new UserRow(user.username(), user.role(), user.enabled(), false, user.createdAt(), user.updatedAt(),
                user.updatedBy());
    }
}
