package dev.jqueue.console.ops;

import dev.jqueue.console.actions.Operator;
import dev.jqueue.console.security.ConsoleRole;

/**
 * What the signed-in user may do, for showing or hiding controls. Hiding is a convenience:
 * {@link dev.jqueue.console.actions.ConsoleActions} authorizes every action again on the server.
 */
public final class Roles {

    private Roles() {
    }

    public static boolean currentHas(ConsoleRole role) {
        return Operator.current().map(operator -> operator.has(role)).orElse(false);
    }
}
