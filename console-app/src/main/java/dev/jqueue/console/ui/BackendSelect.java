package dev.jqueue.console.ui;

import com.vaadin.flow.component.select.Select;
import dev.jqueue.backend.Backends;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Chooses the backend a page shows. Choosing one navigates to {@code urlFor(alias)}, so the
 * backend is always in the URL ({@code ?backend=alias}). Pages that keep more state in their URL
 * are told the picked alias instead and read {@code ?backend=} with {@link #resolve(String)}.
 */
public class BackendSelect extends Select<String> {

    private final Backends backends;
    private boolean updating;

    public BackendSelect(List<String> aliases, Function<String, String> urlFor) {
        this(aliases, null, alias -> Links.navigate(urlFor.apply(alias)));
    }

    /** Tells {@code onPick} the alias the operator picks; hidden when only one backend is configured. */
    public BackendSelect(Backends backends, Consumer<String> onPick) {
        this(backends.aliases(), backends, onPick);
        setVisible(backends.aliases().size() > 1);
    }

    private BackendSelect(List<String> aliases, Backends backends, Consumer<String> onPick) {
        this.backends = backends;
        addClassName("backend-select");
        setItems(aliases);
        setAriaLabel("Backend");
        setTooltipText("Backend");
        setPrefixComponent(com.vaadin.flow.component.icon.VaadinIcon.DATABASE.create());
        addValueChangeListener(change -> {
            if (!updating && change.isFromClient() && change.getValue() != null) {
                onPick.accept(change.getValue());
            }
        });
    }

    /** The requested alias when it is configured, else the primary backend; shown without navigating. */
    public String resolve(String requested) {
        String alias = requested != null && backends.aliases().contains(requested) ? requested : backends.primary().backend();
        show(alias);
        return alias;
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
