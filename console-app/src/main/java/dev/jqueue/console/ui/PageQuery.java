package dev.jqueue.console.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page's state as it appears in its URL ({@code failed?backend=default&queue=mailers}): read
 * when the page is entered, changed by the page's controls and written back with
 * {@code history.replaceState}, so a copied URL opens the same view. Blank values are left out.
 */
public final class PageQuery {

    private final String route;
    private final Map<String, String> values = new LinkedHashMap<>();

    private PageQuery(String route) {
        this.route = route;
    }

    public static PageQuery of(String route) {
        return new PageQuery(route);
    }

    /** The query parameters of the location being entered (first value of each). */
    public static PageQuery of(String route, BeforeEnterEvent event) {
        PageQuery query = new PageQuery(route);
        event.getLocation().getQueryParameters().getParameters().forEach((name, list) -> {
            if (!list.isEmpty()) {
                query.set(name, list.getFirst());
            }
        });
        return query;
    }

    /** The value, or null when absent or blank. */
    public String get(String name) {
        return values.get(name);
    }

    public PageQuery set(String name, String value) {
        if (value == null || value.isBlank()) {
            values.remove(name);
        } else {
            values.put(name, value.trim());
        }
        return this;
    }

    public QueryParameters parameters() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        values.forEach((name, value) -> map.put(name, List.of(value)));
        return new QueryParameters(map);
    }

    /** {@code route?name=value&...}, for links. */
    public String href() {
        return route + Links.query(values);
    }

    /**
     * Navigates to this state (the page is entered again, and the navigation links follow), for
     * changes that switch what the whole page shows, such as the backend.
     */
    public void navigate() {
        Links.navigate(href());
    }

    /** Writes this state into the browser's address bar without navigating. */
    public void replaceUrl() {
        UI.getCurrent().getPage().getHistory().replaceState(null, new Location(route, parameters()));
    }
}
