package dev.jqueue.console.overview;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.jqueue.BackendStats;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The landing page: facts about the selected backend, its headline numbers and every queue
 * with its counts, refreshed every few seconds. The backend is part of the URL
 * ({@code ?backend=alias}) so a view can be shared as a link.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview · jqueue")
@Menu(title = "Overview", order = 0, icon = "vaadin:dashboard")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class OverviewView extends VerticalLayout implements BeforeEnterObserver {

    static final int REFRESH_MILLIS = 3000;
    private static final Logger log = LoggerFactory.getLogger(OverviewView.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final BackendDirectory directory;
    private final Select<String> backendSelect = new Select<>();
    private final Span facts = new Span();
    private final Span status = new Span();
    private final SummaryCard queuesCard = new SummaryCard("Queues", "card-queues");
    private final SummaryCard backlogCard = new SummaryCard("Backlog", "card-backlog");
    private final SummaryCard attentionCard = new SummaryCard("Attention", "card-attention");
    private final SummaryCard finishedCard = new SummaryCard("Finished", "card-finished");
    private final QueueGrid grid = new QueueGrid();
    private String alias;
    private Registration pollRegistration;

    public OverviewView(BackendDirectory directory) {
        this.directory = directory;
        this.alias = directory.primaryAlias();
        addClassName("overview-view");
        setWidthFull();

        backendSelect.setItems(directory.aliases());
        backendSelect.setAriaLabel("Backend");
        backendSelect.setVisible(directory.aliases().size() > 1);
        backendSelect.addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null) {
                UI.getCurrentOrThrow().navigate(OverviewView.class,
                        QueryParameters.simple(Map.of("backend", change.getValue())));
            }
        });
        facts.addClassName("backend-facts");
        status.addClassName("refresh-status");
        HorizontalLayout header = new HorizontalLayout(new H2("Overview"), backendSelect, facts);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.addClassName("overview-header");

        Div cards = new Div(queuesCard, backlogCard, attentionCard, finishedCard);
        cards.addClassName("summary-cards");

        add(header, cards, grid, status);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String requested = event.getLocation().getQueryParameters().getSingleParameter("backend").orElse(null);
        alias = requested != null && directory.exists(requested) ? requested : directory.primaryAlias();
        backendSelect.setValue(alias);
        refresh();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        ui.setPollInterval(REFRESH_MILLIS);
        pollRegistration = ui.addPollListener(poll -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollRegistration != null) {
            pollRegistration.remove();
            pollRegistration = null;
        }
        event.getUI().setPollInterval(-1);
    }

    private void refresh() {
        BackendFacts backend = directory.facts(alias);
        facts.setText("Backend " + backend.alias() + " · " + backend.database() + " · "
                + (backend.embeddedWorkers() ? "workers embedded in this console" : "workers run elsewhere"));
        BackendStats stats;
        try {
            stats = directory.backend(alias).stats();
        } catch (RuntimeException e) {
            // A busy or unreachable database must not break the page; the next poll tries again.
            log.warn("Could not read stats of backend '{}'", alias, e);
            status.setText("Could not read queue state: " + e.getMessage());
            return;
        }
        OverviewSummary summary = OverviewSummary.of(stats);
        queuesCard.show(String.valueOf(summary.queues()), summary.paused() + " paused");
        backlogCard.show(String.valueOf(summary.backlog()), "ready + scheduled");
        attentionCard.show(String.valueOf(summary.attention()), "failed + blocked + invalid");
        finishedCard.show(String.valueOf(summary.finished()), "kept finished jobs");
        attentionCard.getElement().getClassList().set("needs-attention", summary.attention() > 0);
        grid.show(stats.queues());
        status.setText("Updated " + TIME.format(stats.takenAt()) + " · refreshes every " + REFRESH_MILLIS / 1000 + " s");
    }
}
