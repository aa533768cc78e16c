package dev.jqueue.console.ui;

import dev.jqueue.console.actions.Operator;
import dev.jqueue.console.security.ConsoleRole;

/**
 * What the signed-in user may do, for deciding which buttons to show. Showing is a
 * convenience: {@code ConsoleActions} checks the role again on the server for every action.
 */
public final class Permissions {

    private Permissions() {
    }

    public static boolean has(ConsoleRole role) {
        return Operator.current().map(operator -> operator.has(role)).orElse(false);
    }

    /** Retry, discard, pause/resume, clear, run now, enqueue copies. */
    public static boolean canOperate() {
        return has(ConsoleRole.OPERATOR);
    }

    public static boolean isAdmin() {
        return has(ConsoleRole.ADMIN);
    }
}
