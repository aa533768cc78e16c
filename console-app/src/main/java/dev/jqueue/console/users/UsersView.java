package dev.jqueue.console.users;

import com.vaadin.flow.component.ClickEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.ConfirmAction;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.Times;
import jakarta.annotation.security.RolesAllowed;

/**
 * Who may sign in (ADMIN only): the bootstrap users from {@code jqueue.console.users}, read-only
 * here, and the users stored in the console's database, which an admin creates, gives a role,
 * gives a new password, disables and enables. Every change goes through {@link ConsoleUserAdmin},
 * which checks the role again and audits it.
 */
@Route(value = UsersView.ROUTE, layout = MainLayout.class)
@PageTitle("Users · jqueue")
@Menu(title = "Users", order = 8, icon = "vaadin:users")
@RolesAllowed(ConsoleRole.Names.ADMIN)
public class UsersView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "users";

    private final ConsoleUserAdmin admin;
    private final Grid<UserRow> grid = new Grid<>();

    public UsersView(ConsoleUserAdmin admin) {
        this.admin = admin;
        addClassName("users-view");
        setWidthFull();

        Button create = new Button("New user", VaadinIcon.PLUS.create(), click -> new NewUserDialog(admin, this::reload).open());
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClassName("new-user");
        HorizontalLayout header = new HorizontalLayout(new H2("Users"), create);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        Span caption = new Span("Who may sign in, and with which role. Users from configuration"
                + " (jqueue.console.users) are changed there; the others here. Every change is in the audit log.");
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)");

        grid.addClassName("users-grid");
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(UserRow::username).setHeader("User").setKey("user").setFlexGrow(1);
        grid.addColumn(row -> row.role().label()).setHeader("Role").setKey("role").setWidth("8rem").setFlexGrow(0);
        grid.addComponentColumn(UsersView::status).setHeader("Status").setKey("status").setWidth("8rem").setFlexGrow(0);
        grid.addColumn(row -> row.configured() ? "configuration" : "console").setHeader("Managed in").setKey("source")
                .setWidth("9rem").setFlexGrow(0);
        grid.addColumn(UsersView::lastChange).setHeader("Last change").setKey("changed").setFlexGrow(1);
        grid.addComponentColumn(this::actions).setHeader("Actions").setKey("actions").setWidth("20rem").setFlexGrow(0);

        add(header, caption, grid);
    }

    private static Component status(UserRow row) {
        Badge badge = new Badge(row.enabled() ? "enabled" : "disabled");
        badge.addThemeVariants(row.enabled() ? BadgeVariant.SUCCESS : BadgeVariant.ERROR);
        return badge;
    }

    private static String lastChange(UserRow row) {
        return row.updatedAt() == null ? "" : Times.format(row.updatedAt()) + " by " + row.updatedBy();
    }

    private Component actions(UserRow row) {
        if (row.configured()) {
            Span note = new Span("read-only (configuration)");
            note.getStyle().set("color", "var(--lumo-secondary-text-color)");
            return note;
        }
        Button role = small("Role…", row, click -> new RoleDialog(admin, row, this::reload).open());
        Button password = small("Reset password", row, click -> new PasswordResetDialog(admin, row, this::reload).open());
        Button toggle;
        if (row.enabled()) {
            toggle = small("Disable", row, click -> ConfirmAction.open("Disable " + row.username() + "?",
                    row.username() + " will no longer be able to sign in. You can enable the user again later.",
                    "Disable", () -> setEnabled(row, false)));
            toggle.addThemeVariants(ButtonVariant.ERROR);
        } else {
            toggle = small("Enable", row, click -> setEnabled(row, true));
        }
        HorizontalLayout actions = new HorizontalLayout(role, password, toggle);
        actions.setSpacing(false);
        actions.getStyle().set("gap", "var(--lumo-space-xs)");
        return actions;
    }

    /** A row's button; its accessible name says whose row it is ("Disable ivy"). */
    private static Button small(String label, UserRow row, ComponentEventListener<ClickEvent<Button>> click) {
        Button button = new Button(label, click);
        button.setAriaLabel(label.replace("…", "") + " " + row.username());
        button.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
        return button;
    }

    private void setEnabled(UserRow row, boolean enabled) {
        Notifications.run(() -> admin.setEnabled(row.username(), enabled));
        reload();
    }

    private void reload() {
        grid.setItems(admin.list());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // @RolesAllowed already keeps lower roles out; this is the second, explicit check.
        if (!Permissions.has(ConsoleRole.ADMIN)) {
            event.rerouteToError(AccessDeniedException.class);
            return;
        }
        reload();
    }
}
