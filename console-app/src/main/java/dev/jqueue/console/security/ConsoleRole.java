package dev.jqueue.console.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Console roles, each including the ones below it: an ADMIN is also an OPERATOR and a
 * VIEWER, so views and operations can ask for the least role they need.
 */
public enum ConsoleRole {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** Role names for {@code @RolesAllowed}, which needs compile-time constants. */
    public static final class Names {
        public static final String VIEWER = "VIEWER";
        public static final String OPERATOR = "OPERATOR";
        public static final String ADMIN = "ADMIN";

        private Names() {
        }
    }

    /** This role and every role it includes. */
    public List<ConsoleRole> included() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).toList();
    }

    /** The highest console role among granted role names (with or without the {@code ROLE_} prefix). */
    public static Optional<ConsoleRole> highestOf(Collection<String> roleNames) {
        return roleNames.stream()
                .map(name -> name.startsWith("ROLE_") ? name.substring("ROLE_".length()) : name)
                .flatMap(name -> Arrays.stream(values()).filter(r -> r.name().equals(name)))
                .max(Enum::compareTo);
    }

    /** Human-readable label, e.g. "Operator". */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase();
    }
}
