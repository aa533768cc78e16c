package dev.jqueue.console.queues;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.ui.ConfirmAction;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.Notifications;

/**
 * Pause or Resume (whichever applies) and "Clear ready" for one queue. Clearing asks first,
 * stating how many ready jobs it will discard. Every click goes through {@link ConsoleActions},
 * which checks the role again and audits it.
 */
public class QueueControls extends HorizontalLayout {

    public QueueControls(ConsoleActions actions, String backend, String queue, boolean paused, long ready,
                         boolean small, Runnable afterAction) {
        addClassName("queue-controls");
        setSpacing(false);
        getThemeList().add("spacing-s");
        setPadding(false);

        Button toggle = paused
                ? new Button("Resume", VaadinIcon.PLAY.create(), click -> {
                    Notifications.run(() -> actions.resume(backend, queue));
                    afterAction.run();
                })
                : new Button("Pause", VaadinIcon.PAUSE.create(), click -> {
                    Notifications.run(() -> actions.pause(backend, queue));
                    afterAction.run();
                });
        toggle.addClassName(paused ? "resume-queue" : "pause-queue");
        toggle.setAriaLabel((paused ? "Resume queue " : "Pause queue ") + queue);
        toggle.addThemeVariants(paused ? ButtonVariant.SUCCESS : ButtonVariant.LUMO_CONTRAST);

        Button clear = new Button("Clear ready", VaadinIcon.TRASH.create(), click -> ConfirmAction.open(
                "Clear ready jobs of " + queue + "?",
                "This discards the " + CountText.of(ready, "ready job", "ready jobs") + " of queue " + queue
                        + " (jobs that become ready meanwhile are discarded too). Scheduled, running and failed "
                        + "jobs stay. This cannot be undone.",
                "Clear " + CountText.format(ready) + " ready",
                () -> {
                    Notifications.run(() -> actions.clear(backend, queue));
                    afterAction.run();
                }));
        clear.addClassName("clear-queue");
        clear.setAriaLabel("Clear ready jobs of queue " + queue);
        clear.addThemeVariants(ButtonVariant.ERROR);
        clear.setEnabled(ready > 0);
        if (small) {
            // Icon buttons in table rows; the label moves to the tooltip (the aria-label stays).
            for (Button button : new Button[] {toggle, clear}) {
                button.setTooltipText(button.getText());
                button.setText(null);
                button.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY, ButtonVariant.LUMO_ICON);
            }
        }
        add(toggle, clear);
    }
}
