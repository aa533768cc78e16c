package dev.jqueue.console.users;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The sessions a user is signed in with, so that a change to the user (role, password, disabled)
 * ends them: the next request of such a session is sent to the login page, and the user signs in
 * again with what the admin set, or not at all.
 */
public class SignedInSessions {

    private final SessionRegistry registry;

    public SignedInSessions(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Ends every session of this user name; returns how many there were. */
    int end(String username) {
        int ended = 0;
        for (Object principal : registry.getAllPrincipals()) {
            if (principal instanceof UserDetails user && ConsoleUserDirectory.normalize(user.getUsername()).equals(username)) {
                for (SessionInformation session : registry.getAllSessions(principal, false)) {
                    session.expireNow();
                    ended++;
                }
            }
        }
        return ended;
    }
}
