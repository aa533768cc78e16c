package dev.jqueue.console.security;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The sign-in page; the form posts to Spring Security's login endpoint. After repeated failures
 * ({@code ?locked=<minutes>}) it says that sign-in is paused, in words that are the same whether
 * or not the user name exists.
 */
@Route("login")
@PageTitle("Sign in · jqueue")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();

    public LoginView(ObjectProvider<ClientRegistrationRepository> oidcProviders) {
        addClassName("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        Paragraph tagline = new Paragraph("Operations console for database-backed job queues");
        tagline.addClassName("login-tagline");
        add(new H1("jqueue"), tagline, form);
        if (oidcProviders.getIfAvailable() instanceof Iterable<?> providers) {
            for (Object provider : providers) {
                ClientRegistration registration = (ClientRegistration) provider;
                // Spring Security's redirect to the provider, outside Vaadin's router.
                Anchor signIn = new Anchor("oauth2/authorization/" + registration.getRegistrationId(),
                        "Sign in with " + registration.getClientName());
                signIn.setRouterIgnore(true);
                signIn.addClassName("oidc-sign-in");
                add(signIn);
            }
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters().getParameters();
        LoginI18n i18n = LoginI18n.createDefault();
        if (parameters.containsKey("locked")) {
            String minutes = parameters.get("locked").stream().findFirst().filter(m -> m.matches("\\d{1,4}")).orElse(null);
            i18n.getErrorMessage().setTitle("Too many failed sign-ins");
            i18n.getErrorMessage().setMessage("Signing in with this user name or from this address is paused after"
                    + " repeated failures. Try again " + (minutes == null ? "later" : "in " + minutes
                    + (minutes.equals("1") ? " minute" : " minutes")) + ".");
        }
        form.setI18n(i18n);
        // Spring Security redirects a failed attempt to /login?error, a locked-out one to /login?locked.
        form.setError(parameters.containsKey("error") || parameters.containsKey("locked"));
    }
}
