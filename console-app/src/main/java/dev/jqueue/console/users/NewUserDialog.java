package dev.jqueue.console.users;

import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.security.ConsoleRole;

/** Creates a stored console user with a role and a first password. */
class NewUserDialog extends UserDialog {

    private final ConsoleUserAdmin admin;
    private final TextField username;
    private final Select<ConsoleRole> role;
    private final PasswordPair password;

    NewUserDialog(ConsoleUserAdmin admin, Runnable onChanged) {
        this(admin, onChanged, new TextField("User name"), new Select<>(), new PasswordPair());
    }

    private NewUserDialog(ConsoleUserAdmin admin, Runnable onChanged, TextField username, Select<ConsoleRole> role,
                          PasswordPair password) {
        super("New user", "Create", onChanged, username, role, password);
        this.admin = admin;
        this.username = username;
        this.role = role;
        this.password = password;
        username.setWidthFull();
        username.setHelperText("Lower-case letters, digits and . _ @ -");
        role.setLabel("Role");
        role.setItems(ConsoleRole.values());
        role.setItemLabelGenerator(ConsoleRole::label);
        role.setValue(ConsoleRole.VIEWER);
        role.setWidthFull();
    }

    @Override
    ActionResult change() {
        return admin.create(username.getValue(), role.getValue(), password.value());
    }
}
