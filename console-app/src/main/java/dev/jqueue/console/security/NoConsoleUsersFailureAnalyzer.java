package dev.jqueue.console.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Replaces the bean-creation stack trace with the one thing the operator has to do. */
public class NoConsoleUsersFailureAnalyzer extends AbstractFailureAnalyzer<NoConsoleUsersException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoConsoleUsersException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Configure at least one user under jqueue.console.users, for example:\n"
                        + "  jqueue.console.users[0].username=alice\n"
                        + "  jqueue.console.users[0].password={bcrypt}$2a$10$...\n"
                        + "  jqueue.console.users[0].role=ADMIN\n"
                        + "or run with --spring.profiles.active=demo to try the console with demo users.",
                cause);
    }
}
