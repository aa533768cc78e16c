package dev.jqueue.console.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.QueryParameters;
import dev.jqueue.backend.Backends;
import java.util.Optional;

/**
 * The backend a page shows, from its {@code ?backend=} parameter: the primary backend when the
 * parameter is missing, a "not found" page when it names no configured backend.
 */
public final class BackendScope {

    private BackendScope() {
    }

    /** The alias to show, or empty after rerouting to the not-found page. */
    public static Optional<String> resolve(BeforeEnterEvent event, Backends backends) {
        QueryParameters query = event.getLocation().getQueryParameters();
        Optional<String> requested = query.getSingleParameter(Links.BACKEND).filter(alias -> !alias.isBlank());
        if (requested.isEmpty()) {
            return Optional.of(backends.primary().backend());
        }
        if (!backends.aliases().contains(requested.get())) {
            event.rerouteToError(NotFoundException.class, "No backend '" + requested.get() + "' is configured");
            return Optional.empty();
        }
        return requested;
    }

    /** A query parameter's value, or null when missing or blank. */
    public static String param(BeforeEnterEvent event, String name) {
        return event.getLocation().getQueryParameters().getSingleParameter(name)
                .filter(value -> !value.isBlank()).orElse(null);
    }
}
