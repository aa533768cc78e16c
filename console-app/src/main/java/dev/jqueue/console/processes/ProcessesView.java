package dev.jqueue.console.processes;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.ui.LiveRefresh;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.PageQuery;
import dev.jqueue.console.processes.ProcessReads.ClaimedJob;
import dev.jqueue.console.processes.ProcessReads.ProcessRow;
import dev.jqueue.console.processes.ProcessReads.Processes;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.DurationText;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.console.ui.Texts;
import dev.jqueue.console.ui.Times;
import jakarta.annotation.security.RolesAllowed;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The runtime topology of a backend: each supervisor with the workers, dispatchers and
 * schedulers it runs, their host and pid, heartbeat age, live or stale (against the backend's
 * {@code process-alive-threshold}), draining state while they shut down, metadata, and the jobs
 * each one holds. Refreshes every few seconds.
 *
 * <p>URL: {@code processes?backend=&process=<id>}.
 */
@Route(value = ProcessesView.ROUTE, layout = MainLayout.class)
@PageTitle("Processes · jqueue")
@Menu(title = "Processes", order = 6, icon = "vaadin:cogs")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class ProcessesView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "processes";
    static final int REFRESH_MILLIS = 5000;
    private static final List<String> ROOT_KINDS = List.of("Supervisor");
    private static final List<String> CHILD_KINDS = List.of("Dispatcher", "Scheduler", "Worker");
    private static final int LINKS_IN_ROW = 2;
    private static final int ALL_ROWS_VISIBLE = 15;

    private final ProcessReads reads;
    private final BackendSelect backendSelect;
    private final Span caption = new Span();
    private final TreeGrid<ProcessRow> tree = new TreeGrid<>();
    private final Div details = new Div();

    private String alias;
    private Long selectedId;
    private Processes processes;
    private final LiveRefresh live;
    private Registration pollRegistration;

    public ProcessesView(Backends backends, ProcessReads reads, LiveRefresh live) {
        this.live = live;
        this.reads = reads;
        addClassName("processes-view");
        setWidthFull();

        backendSelect = new BackendSelect(backends, picked -> {
            alias = picked;
            selectedId = null;
            query().navigate();
        });
        HorizontalLayout header = new HorizontalLayout(new H2("Processes"), backendSelect);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        caption.addClassName("processes-caption");
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> render());
        refresh.addThemeVariants(ButtonVariant.TERTIARY);
        HorizontalLayout toolbar = new HorizontalLayout(caption, refresh);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);

        configureTree();
        details.addClassName("process-details");
        details.setWidthFull();
        add(header, toolbar, tree, details);
    }

    private void configureTree() {
        tree.addClassName("process-tree");
        tree.addThemeVariants(GridVariant.ROW_STRIPES);
        tree.setEmptyStateText("No processes: nothing runs for this backend (start workers, or enable the embedded worker).");
        tree.addHierarchyColumn(ProcessRow::name).setHeader("Name").setKey("name").setAutoWidth(true).setFlexGrow(1);
        tree.addColumn(ProcessRow::kind).setHeader("Kind").setKey("kind").setAutoWidth(true).setFlexGrow(0);
        tree.addComponentColumn(ProcessesView::statusBadge).setHeader("Status").setKey("status").setAutoWidth(true)
                .setFlexGrow(0);
        tree.addColumn(row -> DurationText.format(row.heartbeatAge()) + " ago").setHeader("Heartbeat").setKey("heartbeat")
                .setTooltipGenerator(row -> Times.format(row.lastHeartbeatAt())).setAutoWidth(true).setFlexGrow(0);
        tree.addColumn(ProcessRow::hostname).setHeader("Host").setKey("host").setAutoWidth(true).setFlexGrow(0);
        tree.addColumn(ProcessRow::pid).setHeader("PID").setKey("pid").setTextAlign(ColumnTextAlign.END).setAutoWidth(true)
                .setFlexGrow(0);
        tree.addComponentColumn(this::heldJobs).setHeader("Jobs held").setKey("jobs").setAutoWidth(true).setFlexGrow(0);
        tree.addColumn(row -> Texts.shorten(row.metadataJson(), 80)).setHeader("Metadata").setKey("metadata")
                .setTooltipGenerator(ProcessRow::metadataJson).setFlexGrow(1);
        tree.asSingleSelect().addValueChangeListener(change -> {
            if (!change.isFromClient()) {
                return;
            }
            selectedId = change.getValue() == null ? null : change.getValue().id();
            query().replaceUrl();
            showDetails();
        });
    }

    private static Component statusBadge(ProcessRow row) {
        HorizontalLayout badges = new HorizontalLayout();
        badges.setSpacing(false);
        badges.getStyle().set("gap", "var(--lumo-space-xs)");
        Badge live = new Badge(row.live() ? "live" : "stale");
        live.addThemeVariants(row.live() ? BadgeVariant.SUCCESS : BadgeVariant.ERROR);
        badges.add(live);
        if (row.shutdownState() != null) {
            Badge draining = new Badge(row.shutdownState()
                    + (row.activeJobs() == null ? "" : " (" + row.activeJobs() + " active)"));
            draining.addThemeVariants(BadgeVariant.WARNING);
            draining.addClassName("process-draining");
            badges.add(draining);
        }
        return badges;
    }

    private Component heldJobs(ProcessRow row) {
        HorizontalLayout cell = new HorizontalLayout();
        cell.setSpacing(false);
        cell.getStyle().set("gap", "var(--lumo-space-xs)");
        cell.add(new Span(String.valueOf(row.claimedJobs())));
        List<ClaimedJob> claimed = processes == null ? List.of() : processes.claimed(row.id());
        for (ClaimedJob job : claimed.subList(0, Math.min(LINKS_IN_ROW, claimed.size()))) {
            var anchor = Links.jobAnchor(alias, job.jobId());
            anchor.setText(job.jobId().toString().substring(0, 8) + "…");
            cell.add(anchor);
        }
        return cell;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PageQuery query = PageQuery.of(ROUTE, event);
        alias = backendSelect.resolve(query.get("backend"));
        try {
            selectedId = query.get("process") == null ? null : Long.valueOf(query.get("process"));
        } catch (NumberFormatException e) {
            selectedId = null;
        }
        render();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // pushed by the console's one shared timer: no browser polling (LiveRefresh)
        pollRegistration = live.subscribe(event.getUI(), java.time.Duration.ofMillis(REFRESH_MILLIS), () -> render());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollRegistration != null) {
            pollRegistration.remove();
            pollRegistration = null;
        }
    }

    private PageQuery query() {
        return PageQuery.of(ROUTE).set("backend", alias).set("process", selectedId == null ? null : selectedId.toString());
    }

    private void render() {
        try {
            processes = reads.processes(alias);
        } catch (RuntimeException e) {
            Notifications.error("Could not read processes: " + e.getMessage());
            return;
        }
        long live = processes.rows().stream().filter(ProcessRow::live).count();
        caption.setText(live + " live, " + (processes.rows().size() - live) + " stale · a heartbeat older than "
                + DurationText.format(processes.aliveThreshold()) + " is stale (process-alive-threshold)"
                + (processes.unownedClaims() > 0 ? " · " + processes.unownedClaims() + " claimed job(s) without a process" : "")
                + " · updated " + Times.format(processes.readAt()));

        TreeData<ProcessRow> data = new TreeData<>();
        Map<Long, ProcessRow> byId = processes.rows().stream()
                .collect(Collectors.toMap(ProcessRow::id, Function.identity()));
        List<ProcessRow> roots = processes.rows().stream()
                .filter(row -> row.supervisorId() == null || !byId.containsKey(row.supervisorId()))
                .sorted(order(ROOT_KINDS)).toList();
        data.addRootItems(roots);
        for (ProcessRow root : roots) {
            addChildren(data, root);
        }
        tree.setDataProvider(new TreeDataProvider<>(data));
        // A few processes are shown whole; a large fleet scrolls inside a fixed height.
        tree.setAllRowsVisible(processes.rows().size() <= ALL_ROWS_VISIBLE);
        if (processes.rows().size() > ALL_ROWS_VISIBLE) {
            tree.setHeight("24rem");
        }
        tree.expandRecursively(roots, 3);
        Optional<ProcessRow> selected = selected();
        if (selected.isPresent()) {
            tree.select(selected.get());
        } else {
            tree.deselectAll();
        }
        showDetails();
    }

    private void addChildren(TreeData<ProcessRow> data, ProcessRow parent) {
        List<ProcessRow> children = processes.rows().stream()
                .filter(row -> parent.id() == (row.supervisorId() == null ? -1 : row.supervisorId()))
                .sorted(order(CHILD_KINDS)).toList();
        data.addItems(parent, children);
        for (ProcessRow child : children) {
            addChildren(data, child);
        }
    }

    /** Live first, then by kind in the given order (others after), then by name. */
    private static Comparator<ProcessRow> order(List<String> kinds) {
        return Comparator.comparing((ProcessRow row) -> !row.live())
                .thenComparing(row -> kinds.contains(row.kind()) ? kinds.indexOf(row.kind()) : kinds.size())
                .thenComparing(ProcessRow::name, String.CASE_INSENSITIVE_ORDER);
    }

    private Optional<ProcessRow> selected() {
        return processes == null || selectedId == null ? Optional.empty()
                : processes.rows().stream().filter(row -> row.id() == selectedId).findFirst();
    }

    private void showDetails() {
        details.removeAll();
        Optional<ProcessRow> selected = selected();
        if (selected.isEmpty()) {
            details.add(new Span("Select a process to see its metadata and the jobs it holds."));
            return;
        }
        ProcessRow row = selected.get();
        H3 title = new H3(row.kind() + " " + row.name());
        title.addClassName("process-details-title");
        Span facts = new Span("id " + row.id() + " · " + row.hostname() + " pid " + row.pid() + " · started "
                + Times.format(row.createdAt()) + " · last heartbeat " + Times.format(row.lastHeartbeatAt()) + " ("
                + DurationText.format(row.heartbeatAge()) + " ago, " + (row.live() ? "live" : "stale") + ")"
                + (row.shutdownState() == null ? "" : " · " + row.shutdownState()));
        Pre metadata = new Pre(pretty(row));
        metadata.addClassName("process-metadata");
        metadata.getStyle().set("max-height", "12rem").set("overflow", "auto").set("background", "var(--lumo-contrast-5pct)")
                .set("padding", "var(--lumo-space-s)");

        List<ClaimedJob> claimed = reads.claimedJobs(alias, row.id());
        Span heldTitle = new Span(claimed.isEmpty() ? "Holds no jobs." : "Holds " + row.claimedJobs() + " job(s)"
                + (row.claimedJobs() > claimed.size() ? ", the first " + claimed.size() + " shown" : "") + ":");
        Grid<ClaimedJob> jobs = new Grid<>();
        jobs.addClassName("process-jobs");
        jobs.setAllRowsVisible(true);
        jobs.addComponentColumn(job -> Links.jobAnchor(alias, job.jobId())).setHeader("Job").setAutoWidth(true).setFlexGrow(0);
        jobs.addColumn(job -> Texts.shortTaskPath(job.taskPath())).setHeader("Task").setTooltipGenerator(ClaimedJob::taskPath)
                .setAutoWidth(true);
        jobs.addColumn(ClaimedJob::queueName).setHeader("Queue").setAutoWidth(true);
        jobs.addColumn(job -> Times.withRelative(job.claimedAt(), processes.readAt()))
                .setHeader("Claimed").setAutoWidth(true);
        jobs.setItems(claimed);
        jobs.setVisible(!claimed.isEmpty());
        details.add(title, facts, metadata, heldTitle, jobs);
    }

    private String pretty(ProcessRow row) {
        try {
            return row.metadata().toPrettyString();
        } catch (RuntimeException e) {
            return String.valueOf(row.metadataJson());
        }
    }
}
