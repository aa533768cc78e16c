package dev.jqueue.console.ui;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import dev.jqueue.JobState;

/** A job state as a coloured badge: failed and invalid red, blocked amber, finished green. */
public class StateBadge extends Badge {

    public StateBadge(JobState state) {
        super(state.label());
        addClassNames("state-badge", "state-" + state.label());
        addThemeVariants(BadgeVariant.SMALL);
        switch (state) {
            case FAILED, INVALID -> addThemeVariants(BadgeVariant.ERROR);
            case BLOCKED -> addThemeVariants(BadgeVariant.WARNING);
            case FINISHED -> addThemeVariants(BadgeVariant.SUCCESS);
            case CLAIMED -> addThemeVariants(BadgeVariant.CONTRAST);
            default -> {
            }
        }
    }
}
