package dev.jqueue.console.ui;

import com.vaadin.flow.component.select.Select;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses the backend a page shows. Choosing one navigates to {@code urlFor(alias)}, so the
 * backend is always in the URL ({@code ?backend=alias}).
 */
public class BackendSelect extends Select<String> {

    private boolean updating;

    public BackendSelect(List<String> aliases, Function<String, String> urlFor) {
        addClassName("backend-select");
        setItems(aliases);
        setAriaLabel("Backend");
        setTooltipText("Backend");
        setPrefixComponent(com.vaadin.flow.component.icon.VaadinIcon.DATABASE.create());
        addValueChangeListener(change -> {
            if (!updating && change.isFromClient() && change.getValue() != null) {
                Links.navigate(urlFor.apply(change.getValue()));
            }
        });
    }

    /** Shows the current backend without navigating. */
    public void show(String alias) {
        updating = true;
        try {
            setValue(alias);
        } finally {
            updating = false;
        }
    }
}
