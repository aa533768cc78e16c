package dev.jqueue.console.users;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;

/** A new password typed twice; the server's {@link PasswordPolicy} judges the rest. */
class PasswordPair extends VerticalLayout {

    final PasswordField password = new PasswordField("New password");
    final PasswordField repeat = new PasswordField("Repeat the password");

    PasswordPair() {
        setPadding(false);
        setSpacing(false);
        password.setHelperText("At least " + PasswordPolicy.MIN_CHARACTERS + " characters");
        password.setWidthFull();
        repeat.setWidthFull();
        add(password, repeat);
    }

    /** The password, once both fields agree. */
    String value() {
        if (!password.getValue().equals(repeat.getValue())) {
            throw new UserChangeRefused("The two passwords differ");
        }
        return password.getValue();
    }
}
