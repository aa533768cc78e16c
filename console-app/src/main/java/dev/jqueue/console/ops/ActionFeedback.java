package dev.jqueue.console.ops;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.jqueue.console.actions.ActionRefused;
import dev.jqueue.console.actions.ActionResult;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a console action and tells the operator what happened (the action itself audits). */
public final class ActionFeedback {

    private static final Logger log = LoggerFactory.getLogger(ActionFeedback.class);
    private static final int DURATION_MILLIS = 5000;

    private ActionFeedback() {
    }

    /** The action's result, shown as a success; a refusal or error is shown instead and gives empty. */
    public static Optional<ActionResult> run(Supplier<ActionResult> action) {
        try {
            ActionResult result = action.get();
            show(capitalize(result.message()), NotificationVariant.SUCCESS);
            return Optional.of(result);
        } catch (ActionRefused refused) {
            show("Not allowed: " + refused.getMessage(), NotificationVariant.ERROR);
        } catch (RuntimeException e) {
            log.warn("Console action failed", e);
            show("Failed: " + e.getMessage(), NotificationVariant.ERROR);
        }
        return Optional.empty();
    }

    public static void show(String message, NotificationVariant variant) {
        Notification notification = new Notification(message, DURATION_MILLIS, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
        notification.addClassName("action-feedback");
        notification.open();
    }

    private static String capitalize(String text) {
        return text == null || text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
