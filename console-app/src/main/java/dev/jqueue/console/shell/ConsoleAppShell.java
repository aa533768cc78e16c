package dev.jqueue.console.shell;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Page-level settings. Styles are plain stylesheets served as static files (from the
 * top-level frontend/ folder), so the pre-compiled Vaadin bundle is used and no Node build
 * is ever needed.
 */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles.css")
@StyleSheet("assets/console-views.css")
@Push // pages stay live by server push from one shared timer (ui.LiveRefresh), not by polling
public class ConsoleAppShell implements AppShellConfigurator {
}
