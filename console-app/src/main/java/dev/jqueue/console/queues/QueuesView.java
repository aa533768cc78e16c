package dev.jqueue.console.queues;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.overview.BackendDirectory;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.LiveRefresh;
import dev.jqueue.console.ui.BackendScope;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.Times;
import dev.jqueue.observability.BackendSnapshot;
import jakarta.annotation.security.RolesAllowed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every queue of a backend with counts, latency, workers and controls; a name opens the queue page. */
@Route(value = "queues", layout = MainLayout.class)
@PageTitle("Queues · jqueue")
@Menu(title = "Queues", order = 1, icon = "vaadin:list-ol")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class QueuesView extends VerticalLayout implements BeforeEnterObserver {

    static final int REFRESH_MILLIS = 3000; // cheap: pushed, and read from the shared snapshot
    private static final Logger log = LoggerFactory.getLogger(QueuesView.class);

    private final BackendDirectory directory;
    private final BackendSelect backendSelect;
    private final QueueTable table;
    private final Span status = new Span();
    private String backend;
    private final LiveRefresh live;
    private Registration pollRegistration;

    public QueuesView(BackendDirectory directory, ConsoleActions actions, LiveRefresh live) {
        this.live = live;
        this.directory = directory;
        addClassName("queues-view");
        setWidthFull();
        backendSelect = new BackendSelect(directory.aliases(), Links::queues);
        status.addClassName("refresh-status");
        HorizontalLayout header = new HorizontalLayout(new H2("Queues"), backendSelect, status);
        header.addClassName("page-header");
        header.setWidthFull();
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        Paragraph caption = new Paragraph("Each count opens the queue on that state. Latency is the wait of the oldest "
                + "ready job; workers are live worker processes whose queue selectors match.");
        caption.addClassName("page-caption");
        table = new QueueTable(Permissions.canOperate() ? actions : null, this::refresh);
        add(header, caption, table);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        BackendScope.resolve(event, directory.backends()).ifPresent(alias -> {
            backend = alias;
            backendSelect.show(alias);
            refresh();
        });
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // pushed by the console's one shared timer: no browser polling (LiveRefresh)
        pollRegistration = live.subscribe(event.getUI(), java.time.Duration.ofMillis(REFRESH_MILLIS), () -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollRegistration != null) {
            pollRegistration.remove();
            pollRegistration = null;
        }
    }

    private void refresh() {
        try {
            BackendSnapshot snapshot = directory.snapshot(backend);
            table.show(backend, snapshot.queues(), snapshot.takenAt());
            status.setText("Updated " + Times.clock(snapshot.takenAt()) + " · "
                    + CountText.invalidCheck(snapshot.invalidCheckedAt(), snapshot.takenAt()));
        } catch (RuntimeException e) {
            log.warn("Could not read the queues of backend '{}'", backend, e);
            status.setText("Could not read queue state: " + e.getMessage());
        }
    }
}
