package dev.jqueue.console.ui;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/**
 * "Are you sure?" before a destructive action. The text should state what will happen and to
 * how many jobs ("Discard the 12 ready jobs of mail?").
 */
public final class ConfirmAction {

    private ConfirmAction() {
    }

    /** Opens a dialog; {@code action} runs only when the operator confirms. */
    public static ConfirmDialog open(String header, String text, String confirmLabel, Runnable action) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.addClassName("confirm-action");
        dialog.setHeader(header);
        dialog.setText(text);
        dialog.setCancelable(true);
        dialog.setCancelText("Cancel");
        dialog.setConfirmText(confirmLabel);
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(confirm -> action.run());
        dialog.open();
        return dialog;
    }
}
