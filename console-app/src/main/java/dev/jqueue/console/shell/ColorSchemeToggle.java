package dev.jqueue.console.shell;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.server.VaadinSession;

/**
 * Switches between the light and dark colour scheme. The choice is kept in the session,
 * because the page forgets it on reload.
 */
class ColorSchemeToggle extends Button {

    private static final String SESSION_KEY = ColorSchemeToggle.class.getName();

    ColorSchemeToggle() {
        addThemeVariants(ButtonVariant.TERTIARY);
        addClassName("color-scheme-toggle");
        addClickListener(click -> apply(current() == ColorScheme.Value.DARK
                ? ColorScheme.Value.LIGHT : ColorScheme.Value.DARK));
        addAttachListener(attach -> apply(current()));
    }

    private static ColorScheme.Value current() {
        Object stored = VaadinSession.getCurrent().getAttribute(SESSION_KEY);
        return stored instanceof ColorScheme.Value value ? value : ColorScheme.Value.LIGHT;
    }

    private void apply(ColorScheme.Value scheme) {
        VaadinSession.getCurrent().setAttribute(SESSION_KEY, scheme);
        UI.getCurrentOrThrow().getPage().setColorScheme(scheme);
        boolean dark = scheme == ColorScheme.Value.DARK;
        setIcon((dark ? VaadinIcon.SUN_O : VaadinIcon.MOON_O).create());
        setAriaLabel(dark ? "Switch to light theme" : "Switch to dark theme");
        setTooltipText(dark ? "Light theme" : "Dark theme");
    }
}
