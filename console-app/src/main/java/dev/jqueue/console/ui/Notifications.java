package dev.jqueue.console.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.jqueue.console.actions.ActionRefused;
import dev.jqueue.console.actions.ActionResult;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what an action did: its {@link ActionResult} message as a success notice, a refusal
 * ({@link ActionRefused}) or any other failure as an error notice that stays until closed.
 * Notification text is always plain text.
 */
public final class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final int SUCCESS_MILLIS = 4000;

    private Notifications() {
    }

    /** Runs an action and reports its outcome; empty when it was refused or failed. */
    public static Optional<ActionResult> run(Supplier<ActionResult> action) {
        try {
            ActionResult result = action.get();
            success(capitalize(result.message()));
            return Optional.of(result);
        } catch (ActionRefused refused) {
            error("Not allowed: " + refused.getMessage());
        } catch (RuntimeException e) {
            log.warn("Console action failed", e);
            error("Failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return Optional.empty();
    }

    private static String capitalize(String text) {
        return text == null || text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    public static void success(String message) {
        Notification notification = Notification.show(message, SUCCESS_MILLIS, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.SUCCESS);
        notification.addClassName("action-notification");
    }

    public static void info(String message) {
        Notification notification = Notification.show(message, SUCCESS_MILLIS, Notification.Position.BOTTOM_START);
        notification.addClassName("action-notification");
    }

    /** An error stays until clicked away (an operator should not miss it). */
    public static void error(String message) {
        Notification notification = new Notification(message, 0, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.ERROR);
        notification.addClassNames("action-notification", "action-error");
        notification.getElement().addEventListener("click", click -> notification.close());
        notification.open();
        // Also close it after a while, so tests and idle screens do not pile them up.
        notification.setDuration(15_000);
    }
}
