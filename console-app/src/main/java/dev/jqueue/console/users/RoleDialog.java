package dev.jqueue.console.users;

import com.vaadin.flow.component.select.Select;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.security.ConsoleRole;

/** Sets the role of one stored user (the server refuses to demote the last admin). */
class RoleDialog extends UserDialog {

    private final ConsoleUserAdmin admin;
    private final String username;
    private final Select<ConsoleRole> role;

    RoleDialog(ConsoleUserAdmin admin, UserRow user, Runnable onChanged) {
        this(admin, user, onChanged, new Select<>());
    }

    private RoleDialog(ConsoleUserAdmin admin, UserRow user, Runnable onChanged, Select<ConsoleRole> role) {
        super("Role of " + user.username(), "Save", onChanged, role);
        this.admin = admin;
        this.username = user.username();
        this.role = role;
        role.setLabel("Role");
        role.setItems(ConsoleRole.values());
        role.setItemLabelGenerator(ConsoleRole::label);
        role.setValue(user.role());
        role.setWidthFull();
    }

    @Override
    ActionResult change() {
        return admin.setRole(username, role.getValue());
    }
}
