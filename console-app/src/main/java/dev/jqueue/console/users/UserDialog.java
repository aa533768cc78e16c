package dev.jqueue.console.users;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.jqueue.console.actions.ActionRefused;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.ui.Notifications;

/**
 * A small form for one user change: the change's own fields, a primary button and a line for
 * what was wrong. A refused change keeps the dialog open with the reason; a done one closes it,
 * says what happened and lets the page reload its list.
 */
abstract class UserDialog extends Dialog {

    private final Span error = new Span();
    private final Runnable onChanged;

    UserDialog(String title, String confirmLabel, Runnable onChanged, Component... fields) {
        this.onChanged = onChanged;
        setHeaderTitle(title);
        addClassName("user-dialog");
        error.addClassName("form-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        VerticalLayout body = new VerticalLayout(fields);
        body.add(error);
        body.setPadding(false);
        body.setWidth("22rem");
        add(body);
        Button confirm = new Button(confirmLabel, click -> submit());
        confirm.addThemeVariants(ButtonVariant.PRIMARY);
        getFooter().add(new Button("Cancel", click -> close()), confirm);
    }

    /** The change, or a {@link UserChangeRefused} explaining what the form is missing. */
    abstract ActionResult change();

    private void submit() {
        error.setText("");
        try {
            ActionResult result = change();
            close();
            Notifications.success(Character.toUpperCase(result.message().charAt(0)) + result.message().substring(1));
            onChanged.run();
        } catch (UserChangeRefused | ActionRefused refused) {
            error.setText(refused.getMessage());
        }
    }
}
