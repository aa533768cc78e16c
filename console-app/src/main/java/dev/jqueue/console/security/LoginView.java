package dev.jqueue.console.security;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/** The sign-in page; the form posts to Spring Security's login endpoint. */
@Route("login")
@PageTitle("Sign in · jqueue")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();

    public LoginView() {
        addClassName("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        Paragraph tagline = new Paragraph("Operations console for database-backed job queues");
        tagline.addClassName("login-tagline");
        add(new H1("jqueue"), tagline, form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // Spring Security redirects a failed attempt to /login?error.
        form.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
    }
}
