package dev.jqueue.console.security;

/** Start-up stops here: a console without users (configured or stored) could not be signed into by anyone. */
public class NoConsoleUsersException extends IllegalStateException {

    public NoConsoleUsersException() {
        super("No console users are configured and none are stored in jqueue_console_users: set jqueue.console.users[0].username, "
                + "jqueue.console.users[0].password ({bcrypt} hash) and jqueue.console.users[0].role "
                + "(VIEWER, OPERATOR or ADMIN), or start with the 'demo' profile for built-in demo users");
    }
}
