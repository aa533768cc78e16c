package dev.jqueue.console.actions;

import dev.jqueue.console.security.ConsoleRole;

/** The signed-in user's role does not allow this action. It was audited as refused. */
public class ActionRefused extends RuntimeException {

    public ActionRefused(String action, ConsoleRole needed, String user) {
        super("'" + action + "' needs the " + needed.label() + " role; " + user + " does not have it");
    }
}
