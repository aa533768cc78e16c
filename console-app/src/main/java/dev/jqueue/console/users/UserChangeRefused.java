package dev.jqueue.console.users;

/** A user change that breaks a rule (bad name or password, last admin, configured user); nothing was changed. */
public class UserChangeRefused extends RuntimeException {

    public UserChangeRefused(String message) {
        super(message);
    }
}
