package dev.jqueue.console.shell;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.jqueue.console.security.ConsoleRole;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame around every console page: navigation built from the views' {@code @Menu}
 * annotations (already filtered to what the signed-in user may open), the user and role,
 * the colour-scheme switch and sign-out.
 */
@PermitAll
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private final List<SideNavItem> navItems = new ArrayList<>();

    public MainLayout(AuthenticationContext authentication) {
        addClassName("main-layout");
        setPrimarySection(Section.DRAWER);

        Span brand = new Span("jqueue");
        brand.addClassName("brand");
        SideNav nav = new SideNav();
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            SideNavItem item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null && !entry.icon().isBlank()) {
                item.setPrefixComponent(new Icon(entry.icon()));
            }
            // "Queues" stays highlighted on a queue's page, "Jobs" on a job's page.
            item.setMatchNested(!entry.path().isEmpty() && !entry.path().equals("/"));
            navItems.add(item);
            nav.addItem(item);
        }
        addToDrawer(brand, nav);

        Div spacer = new Div();
        spacer.addClassName("spacer");
        String username = authentication.getPrincipalName().orElse("?");
        String role = ConsoleRole.highestOf(authentication.getGrantedRoles()).map(ConsoleRole::label).orElse("No role");
        Span user = new Span(username);
        user.addClassName("user-name");
        Badge roleBadge = new Badge(role);
        roleBadge.addClassName("user-role");
        Button logout = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> authentication.logout());
        logout.addThemeVariants(ButtonVariant.TERTIARY);
        addToNavbar(new DrawerToggle(), spacer, new ColorSchemeToggle(), user, roleBadge, logout);
    }

    /** Navigation links keep the selected backend ({@code ?backend=}) when a page has one. */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        QueryParameters backend = event.getLocation().getQueryParameters().getSingleParameter("backend")
                .map(alias -> QueryParameters.of("backend", alias)).orElse(QueryParameters.empty());
        navItems.forEach(item -> item.setQueryParameters(backend));
    }
}
