package dev.jqueue.console.ops;

import com.vaadin.flow.component.select.Select;
import dev.jqueue.backend.Backends;
import java.util.function.Consumer;

/**
 * The backend selector of a page: hidden when only one backend is configured. The page reads
 * {@code ?backend=} with {@link #resolve(String)} (unknown or missing aliases fall back to the
 * primary backend) and is told when the operator picks another one.
 */
public final class BackendChooser extends Select<String> {

    private final Backends backends;

    public BackendChooser(Backends backends, Consumer<String> onPick) {
        this.backends = backends;
        addClassName("backend-chooser");
        setItems(backends.aliases());
        setAriaLabel("Backend");
        setTooltipText("Backend");
        setVisible(backends.aliases().size() > 1);
        addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null) {
                onPick.accept(change.getValue());
            }
        });
    }

    /** The requested alias when it is configured, else the primary backend. */
    public String resolve(String requested) {
        String alias = requested != null && backends.aliases().contains(requested) ? requested : backends.primary().backend();
        setValue(alias);
        return alias;
    }
}
