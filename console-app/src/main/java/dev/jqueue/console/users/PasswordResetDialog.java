package dev.jqueue.console.users;

import dev.jqueue.console.actions.ActionResult;

/** Gives a stored user a new password, typed twice by the admin. */
class PasswordResetDialog extends UserDialog {

    private final ConsoleUserAdmin admin;
    private final String username;
    private final PasswordPair password;

    PasswordResetDialog(ConsoleUserAdmin admin, UserRow user, Runnable onChanged) {
        this(admin, user, onChanged, new PasswordPair());
    }

    private PasswordResetDialog(ConsoleUserAdmin admin, UserRow user, Runnable onChanged, PasswordPair password) {
        super("Reset the password of " + user.username(), "Reset password", onChanged, password);
        this.admin = admin;
        this.username = user.username();
        this.password = password;
    }

    @Override
    ActionResult change() {
        return admin.resetPassword(username, password.value());
    }
}
