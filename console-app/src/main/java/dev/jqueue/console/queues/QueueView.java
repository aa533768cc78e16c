package dev.jqueue.console.queues;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.shared.Registration;
import dev.jqueue.JobState;
import dev.jqueue.backend.Backend;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.jobs.JobListParams;
import dev.jqueue.console.jobs.JobListing;
import dev.jqueue.console.overview.BackendDirectory;
import dev.jqueue.console.overview.BackendFacts;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.LiveRefresh;
import dev.jqueue.console.ui.BackendScope;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.ConfirmAction;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.DurationText;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.Times;
import dev.jqueue.observability.BackendSnapshot;
import dev.jqueue.observability.BackendSnapshot.QueueSnapshot;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import jakarta.annotation.security.RolesAllowed;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue: a toolbar (backend, database, live workers, latency, paused) with pause/resume and
 * clear-ready, state tabs with counts, and that state's jobs with its columns, default order and
 * bulk actions (ready, scheduled, blocked: discard; failed: retry or discard; finished: enqueue
 * again; claimed and invalid: none). The server re-scopes every selection to this queue and
 * state before acting. URL: {@code queues/<name>?backend=&state=&sort=&page=}.
 */
@Route(value = "queues/:queue", layout = MainLayout.class)
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class QueueView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final int REFRESH_MILLIS = 3000; // cheap: pushed, and read from the shared snapshot
    private static final Logger log = LoggerFactory.getLogger(QueueView.class);

    private final BackendDirectory directory;
    private final ConsoleActions actions;
    private final H2 title = new H2();
    private final Anchor breadcrumbQueues = new Anchor("queues", "Queues");
    private final BackendSelect backendSelect;
    private final Div toolbar = new Div();
    private final Div controls = new Div();
    private final Tabs tabs = new Tabs();
    private final Map<JobState, Tab> tabByState = new EnumMap<>(JobState.class);
    private final HorizontalLayout bulkBar = new HorizontalLayout();
    private final Span selection = new Span();
    private final Anchor jobsLink = new Anchor();
    private final JobListing listing;

    private String backend;
    private String queue;
    private JobState state = JobState.READY;
    private JobListParams params;
    private boolean updatingTabs;
    private final LiveRefresh live;
    private Registration pollRegistration;

    public QueueView(BackendDirectory directory, ConsoleActions actions, LiveRefresh live) {
        this.live = live;
        this.directory = directory;
        this.actions = actions;
        addClassName("queue-view");
        setWidthFull();

        Div breadcrumbs = new Div(new Anchor(".", "Overview"), new Span("›"), breadcrumbQueues, new Span("›"));
        breadcrumbs.addClassName("breadcrumbs");
        backendSelect = new BackendSelect(directory.aliases(), alias -> Links.queue(alias, queue, state));
        HorizontalLayout header = new HorizontalLayout(title, backendSelect);
        header.addClassName("page-header");
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        toolbar.addClassName("queue-toolbar");
        controls.addClassName("toolbar-controls");

        for (JobState s : JobState.values()) {
            Tab tab = new Tab();
            tab.addClassName("state-tab-" + s.label());
            tab.setId("tab-" + s.label());
            tabByState.put(s, tab);
            tabs.add(tab);
        }
        tabs.addClassName("state-tabs");
        tabs.addSelectedChangeListener(change -> {
            if (updatingTabs || !change.isFromClient() || change.getSelectedTab() == null) {
                return;
            }
            tabByState.forEach((s, tab) -> {
                if (tab == change.getSelectedTab()) {
                    Links.navigate(Links.queue(backend, queue, s));
                }
            });
        });

        bulkBar.addClassName("bulk-actions");
        bulkBar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        selection.addClassName("selection-count");
        jobsLink.addClassName("jobs-link");

        listing = new JobListing(next -> navigate(next));
        listing.addSelectionListener(this::updateSelection);
        listing.countFrom(this::tabCount);

        add(breadcrumbs, header, toolbar, tabs, bulkBar, listing);
    }

    @Override
    public String getPageTitle() {
        return (queue == null ? "Queue" : queue) + " · queues · jqueue";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<String> alias = BackendScope.resolve(event, directory.backends());
        if (alias.isEmpty()) {
            return;
        }
        backend = alias.get();
        queue = event.getRouteParameters().get("queue").orElse("");
        String stateText = BackendScope.param(event, Links.STATE);
        try {
            state = stateText == null ? JobState.READY : JobState.fromLabel(stateText);
        } catch (IllegalArgumentException e) {
            event.rerouteToError(NotFoundException.class, e.getMessage());
            return;
        }
        JobListParams parsed = JobListParams.parse(event.getLocation().getQueryParameters());
        params = new JobListParams(JobFilter.state(state).withQueue(queue), parsed.sort(), parsed.page(), parsed.problems());
        parsed.problems().forEach(Notifications::error);

        title.setText(queue);
        breadcrumbQueues.setHref(Links.queues(backend));
        backendSelect.show(backend);
        jobsLink.setText("Open in Jobs search");
        jobsLink.setHref(Links.jobs(backend, JobFilter.state(state).withQueue(queue)));
        updatingTabs = true;
        try {
            tabs.setSelectedTab(tabByState.get(state));
        } finally {
            updatingTabs = false;
        }
        Backend b = directory.backends().get(backend);
        boolean operate = Permissions.canOperate();
        listing.show(backend, b.context(), params, state, false, operate && hasBulkActions(state), false);
        buildBulkBar(operate);
        refreshNumbers();
    }

    private void navigate(JobListParams next) {
        java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put(Links.BACKEND, backend);
        query.put(Links.STATE, state.label());
        if (next.sort() != null) {
            query.put(Links.SORT, next.sort().toString());
        }
        if (next.page() > 1) {
            query.put(Links.PAGE, String.valueOf(next.page()));
        }
        UI.getCurrentOrThrow().navigate(QueueView.class, new RouteParameters("queue", queue), QueryParameters.simple(query));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // pushed by the console's one shared timer: no browser polling (LiveRefresh)
        pollRegistration = live.subscribe(event.getUI(), java.time.Duration.ofMillis(REFRESH_MILLIS), () -> refreshNumbers());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollRegistration != null) {
            pollRegistration.remove();
            pollRegistration = null;
        }
    }

    /** Toolbar and tab counts (the grid stays as it is, so a selection is not lost). */
    private void refreshNumbers() {
        BackendSnapshot snapshot;
        try {
            snapshot = directory.snapshot(backend);
        } catch (RuntimeException e) {
            log.warn("Could not read the state of backend '{}'", backend, e);
            toolbar.removeAll();
            toolbar.add(new Span("Could not read queue state: " + e.getMessage()));
            return;
        }
        QueueSnapshot q = snapshot.queues().stream().filter(s -> s.name().equals(queue)).findFirst()
                .orElse(new QueueSnapshot(queue, 0, 0, 0, 0, 0, 0, 0, false, null, null, null, 0));
        BackendFacts facts = directory.facts(backend);
        toolbar.removeAll();
        toolbar.add(item("Backend", backend), item("Database", facts.dataSource() + " · " + facts.database()),
                item("Workers", q.liveWorkerCount() + " live"),
                item("Latency", q.paused() ? "– (paused)" : DurationText.seconds(q.latencySeconds())),
                item("Paused", q.paused() ? "yes" : "no"),
                item("Invalid", CountText.format(q.invalidCount()) + " · " + CountText.invalidCheck(snapshot.invalidCheckedAt(),
                        snapshot.takenAt())));
        toolbar.getElement().getClassList().set("paused", q.paused());
        if (Permissions.canOperate()) {
            toolbar.add(new QueueControls(actions, backend, queue, q.paused(), q.readyCount(), false, this::afterAction));
        }
        toolbar.add(new Span(" "), refreshButton());
        Map<String, Long> counts = q.countsByState();
        tabByState.forEach((s, tab) -> {
            long n = counts.getOrDefault(s.label(), 0L);
            tab.removeAll();
            Span label = new Span(Character.toUpperCase(s.label().charAt(0)) + s.label().substring(1));
            Span count = new Span(CountText.of(q, s, n));
            count.addClassName("tab-count");
            if (s == JobState.INVALID) {
                count.getElement().setAttribute("title", CountText.invalidCheck(snapshot.invalidCheckedAt(), snapshot.takenAt()));
            }
            if (n > 0 && (s == JobState.FAILED || s == JobState.INVALID)) {
                count.addClassName("tab-count-alert");
            }
            tab.add(label, count);
        });
    }

    /**
     * The count of an unfiltered tab, from the shared snapshot (exact, or "1,000+" for finished):
     * counting the failed jobs of one queue again reads every failed row. The invalid tab and any
     * filtered list are counted by the search.
     */
    private java.util.Optional<dev.jqueue.reads.Count> tabCount(dev.jqueue.reads.JobFilter filter) {
        JobState state = filter.state();
        if (state == null || state == JobState.INVALID || !filter.equals(dev.jqueue.reads.JobFilter.state(state).withQueue(queue))) {
            return java.util.Optional.empty();
        }
        QueueSnapshot q = directory.snapshot(backend).queues().stream().filter(s -> s.name().equals(queue)).findFirst()
                .orElse(new QueueSnapshot(queue, 0, 0, 0, 0, 0, 0, 0, false, null, null, null, 0));
        return java.util.Optional.of(new dev.jqueue.reads.Count(q.countsByState().get(state.label()),
                state == JobState.FINISHED && q.finishedAtLeast()));
    }

    private Button refreshButton() {
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> {
            directory.freshSnapshot(backend);
            listing.reload();
            refreshNumbers();
        });
        refresh.addClassName("refresh-jobs");
        refresh.addThemeVariants(ButtonVariant.TERTIARY);
        return refresh;
    }

    private static Div item(String term, String value) {
        Span t = new Span(term);
        t.addClassName("toolbar-term");
        Span v = new Span(value);
        v.addClassName("toolbar-value");
        Div item = new Div(t, v);
        item.addClassNames("toolbar-item", "toolbar-" + term.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return item;
    }

    private void afterAction() {
        directory.freshSnapshot(backend);
        listing.reload();
        refreshNumbers();
    }

    // ------------------------------------------------------------------ bulk actions

    static boolean hasBulkActions(JobState state) {
        return state != JobState.CLAIMED && state != JobState.INVALID;
    }

    private void buildBulkBar(boolean operate) {
        bulkBar.removeAll();
        if (operate && hasBulkActions(state)) {
            if (state == JobState.FAILED) {
                bulkBar.add(bulkButton("Retry selected", VaadinIcon.ROTATE_LEFT, "retry-selected", false,
                        ids -> actions.retry(backend, queue, ids)));
            }
            if (state == JobState.FINISHED) {
                bulkBar.add(bulkButton("Enqueue selected again", VaadinIcon.COPY, "enqueue-selected", false,
                        ids -> actions.enqueueCopies(backend, queue, ids)));
            } else {
                bulkBar.add(bulkButton("Discard selected", VaadinIcon.TRASH, "discard-selected", true,
                        ids -> actions.discard(backend, queue, state, ids)));
            }
            if (state == JobState.FAILED) {
                Button retryAll = new Button("Retry all failed", VaadinIcon.ROTATE_LEFT.create(), click -> {
                    if (listing.total().value() == 0) {
                        Notifications.info("There are no failed jobs in " + queue);
                        return;
                    }
                    ConfirmAction.open("Retry all failed jobs of " + queue + "?",
                            "This retries " + CountText.of(listing.total(), "failed job", "failed jobs") + " of queue "
                                    + queue + " (at most " + CountText.format(ConsoleActions.MAX_BULK) + " at once).",
                            "Retry " + CountText.format(listing.total()),
                            () -> {
                                Notifications.run(() -> actions.retryMatching(backend,
                                        JobFilter.state(JobState.FAILED).withQueue(queue)));
                                afterAction();
                            });
                });
                retryAll.addClassName("retry-all");
                retryAll.addThemeVariants(ButtonVariant.TERTIARY);
                bulkBar.add(retryAll);
            }
            bulkBar.add(selection);
        } else {
            Span note = new Span(operate ? state.label() + " jobs have no bulk actions" : "");
            note.addClassName("bulk-note");
            bulkBar.add(note);
        }
        bulkBar.add(jobsLink);
        updateSelection();
    }

    private Button bulkButton(String text, VaadinIcon icon, String className, boolean confirm,
                              java.util.function.Function<List<UUID>, ActionResult> action) {
        Button button = new Button(text, icon.create());
        button.addClassNames("bulk-action", className);
        button.addThemeVariants(confirm ? ButtonVariant.ERROR : ButtonVariant.PRIMARY);
        button.addClickListener(click -> {
            List<UUID> ids = listing.selected().stream().map(JobRow::id).toList();
            if (ids.isEmpty()) {
                Notifications.info("Select at least one job");
                return;
            }
            Supplier<ActionResult> run = () -> action.apply(ids);
            if (confirm) {
                ConfirmAction.open(text + "?", "This affects the " + CountText.of(ids.size(), "selected " + state.label()
                                + " job", "selected " + state.label() + " jobs") + " of queue " + queue
                                + " (jobs that left this state meanwhile are skipped). This cannot be undone.",
                        text.replace(" selected", "") + " " + ids.size(), () -> {
                            Notifications.run(run);
                            afterAction();
                        });
            } else {
                Notifications.run(run);
                afterAction();
            }
        });
        return button;
    }

    private void updateSelection() {
        int n = listing.selected().size();
        selection.setText(n == 0 ? "Select jobs to act on them" : CountText.of(n, "job", "jobs") + " selected");
        bulkBar.getChildren().filter(c -> c.hasClassName("bulk-action"))
                .forEach(c -> ((Button) c).setEnabled(n > 0));
    }
}
