package dev.jqueue.console.semaphores;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.JobState;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.PageQuery;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.semaphores.SemaphoreReads.SemaphoreRow;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch;
import dev.jqueue.reads.JobSort;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Texts;
import dev.jqueue.console.ui.Times;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Objects;

/**
 * Concurrency semaphores: per key how many slots are taken and free, the limit, how many jobs
 * wait blocked and when the semaphore expires. Selecting a key lists this backend's jobs blocked
 * on it. Semaphores live per database and are shared by every backend on it.
 *
 * <p>URL: {@code semaphores?backend=&q=&sort=&key=}.
 */
@Route(value = SemaphoresView.ROUTE, layout = MainLayout.class)
@PageTitle("Semaphores · jqueue")
@Menu(title = "Semaphores", order = 5, icon = "vaadin:lock")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class SemaphoresView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "semaphores";
    private static final String DEFAULT_SORT = "key";

    private final Backends backends;
    private final SemaphoreReads reads;
    private final BackendSelect backendSelect;
    private final TextField keyFilter = new TextField("Key");
    private final Span caption = new Span();
    private final Grid<SemaphoreRow> grid = new Grid<>();
    private final Div details = new Div();
    private final CallbackDataProvider<SemaphoreRow, Void> provider;

    private String alias;
    private String sort = DEFAULT_SORT;
    private String selectedKey;
    private boolean applyingUrl;

    public SemaphoresView(Backends backends, SemaphoreReads reads) {
        this.backends = backends;
        this.reads = reads;
        addClassName("semaphores-view");
        setWidthFull();

        backendSelect = new BackendSelect(backends, picked -> {
            alias = picked;
            selectedKey = null;
            query().navigate();
        });
        HorizontalLayout header = new HorizontalLayout(new H2("Semaphores"), backendSelect);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        caption.addClassName("semaphores-caption");
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)");

        keyFilter.setPlaceholder("part of the key");
        keyFilter.setClearButtonVisible(true);
        keyFilter.setValueChangeMode(ValueChangeMode.LAZY);
        keyFilter.setValueChangeTimeout(400);
        keyFilter.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                changed();
            }
        });
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> render());
        refresh.addThemeVariants(ButtonVariant.TERTIARY);
        HorizontalLayout toolbar = new HorizontalLayout(keyFilter, refresh);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        grid.addClassName("semaphores-grid");
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.setEmptyStateText("No semaphores: they appear while jobs of a concurrency-limited task run or wait.");
        grid.setHeight("17rem");
        grid.addColumn(SemaphoreRow::key).setHeader("Key").setKey("key").setSortProperty("key").setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(SemaphoreRow::active).setHeader("Active").setKey("active").setSortProperty("active")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(SemaphoreRow::available).setHeader("Available").setKey("available").setSortProperty("available")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(SemaphoreRow::limit).setHeader("Limit").setKey("limit").setSortProperty("limit")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(row -> {
            Span waiters = new Span(String.valueOf(row.waiters()));
            if (row.waiters() > 0) {
                Badge badge = new Badge(String.valueOf(row.waiters()));
                badge.addThemeVariants(BadgeVariant.WARNING);
                return badge;
            }
            return waiters;
        }).setHeader("Blocked waiters").setKey("waiters").setSortProperty("waiters").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(row -> Times.format(row.expiresAt())).setHeader("Expires").setKey("expires")
                .setSortProperty("expires").setAutoWidth(true).setFlexGrow(0);
        provider = new CallbackDataProvider<>(query -> {
            List<QuerySortOrder> orders = query.getSortOrders();
            String by = orders.isEmpty() ? DEFAULT_SORT : orders.getFirst().getSorted();
            boolean descending = !orders.isEmpty() && orders.getFirst().getDirection() == SortDirection.DESCENDING;
            return reads.page(alias, keyText(), by, descending, query.getOffset(), query.getLimit()).stream();
        }, query -> reads.count(alias, keyText()), SemaphoreRow::key);
        grid.setItems(provider);
        grid.addSortListener(event -> {
            if (applyingUrl) {
                return;
            }
            List<GridSortOrder<SemaphoreRow>> orders = event.getSortOrder();
            sort = orders.isEmpty() ? DEFAULT_SORT : (orders.getFirst().getDirection() == SortDirection.DESCENDING ? "-" : "")
                    + orders.getFirst().getSorted().getKey();
            query().replaceUrl();
        });
        grid.asSingleSelect().addValueChangeListener(change -> {
            if (!change.isFromClient()) {
                return;
            }
            selectedKey = change.getValue() == null ? null : change.getValue().key();
            query().replaceUrl();
            showBlocked();
        });

        details.addClassName("semaphore-details");
        details.setWidthFull();
        add(header, caption, toolbar, grid, details);
    }

    private String keyText() {
        String text = keyFilter.getValue();
        return text == null || text.isBlank() ? null : text.trim();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PageQuery query = PageQuery.of(ROUTE, event);
        alias = backendSelect.resolve(query.get("backend"));
        keyFilter.setValue(Objects.toString(query.get("q"), ""));
        sort = query.get("sort") == null ? DEFAULT_SORT : query.get("sort");
        selectedKey = query.get("key");
        render();
    }

    private PageQuery query() {
        return PageQuery.of(ROUTE).set("backend", alias).set("q", keyText())
                .set("sort", DEFAULT_SORT.equals(sort) ? null : sort).set("key", selectedKey);
    }

    private void changed() {
        query().replaceUrl();
        render();
    }

    private void render() {
        caption.setText("Semaphores live on the database of backend " + alias + " ("
                + backends.get(alias).context().db.name() + ") and are shared by every backend on it; active = slots taken.");
        applyingUrl = true;
        try {
            boolean descending = sort.startsWith("-");
            String column = descending ? sort.substring(1) : sort;
            Grid.Column<SemaphoreRow> sorted = grid.getColumnByKey(SemaphoreReads.SORTS.containsKey(column) ? column : DEFAULT_SORT);
            grid.sort(List.of(new GridSortOrder<>(sorted, descending ? SortDirection.DESCENDING : SortDirection.ASCENDING)));
            provider.refreshAll();
            if (selectedKey != null) {
                grid.select(new SemaphoreRow(selectedKey, 0, 0, 0, 0, null));
            } else {
                grid.deselectAll();
            }
        } finally {
            applyingUrl = false;
        }
        showBlocked();
    }

    private void showBlocked() {
        details.removeAll();
        if (selectedKey == null) {
            details.add(new Span("Select a key to see the jobs waiting for it."));
            return;
        }
        String key = selectedKey;
        JobSearch search = new JobSearch(backends.get(alias).context());
        JobFilter filter = JobFilter.state(JobState.BLOCKED).withConcurrencyKey(key);
        H3 title = new H3("Blocked on " + key);
        title.addClassName("semaphore-details-title");
        Span count = new Span(search.search(filter, null, 0, 1).total() + " job(s) of backend " + alias + " wait for a slot");
        count.addClassName("semaphore-blocked-count");
        Anchor all = new Anchor(Links.jobs(alias, "state", "blocked", "key", key), "Open in job search");

        Grid<JobRow> jobs = new Grid<>();
        jobs.addClassName("semaphore-blocked-jobs");
        jobs.addThemeVariants(GridVariant.ROW_STRIPES);
        jobs.setHeight("16rem");
        jobs.setEmptyStateText("No jobs of this backend wait for this key.");
        jobs.addComponentColumn(row -> Links.jobAnchor(alias, row.id())).setHeader("Job").setKey("id")
                .setSortProperty("id").setAutoWidth(true).setFlexGrow(0);
        jobs.addColumn(row -> Texts.shortTaskPath(row.taskPath())).setHeader("Task").setKey("task")
                .setTooltipGenerator(JobRow::taskPath).setSortProperty("task").setAutoWidth(true);
        jobs.addColumn(JobRow::queueName).setHeader("Queue").setKey("queue").setSortProperty("queue").setAutoWidth(true);
        jobs.addColumn(JobRow::priority).setHeader("Priority").setKey("priority").setSortProperty("priority")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        jobs.addColumn(row -> Times.format(row.createdAt())).setHeader("Enqueued").setKey("created")
                .setSortProperty("created").setAutoWidth(true).setFlexGrow(0);
        jobs.addColumn(row -> Times.format(row.blockedUntil())).setHeader("Blocked until").setKey("expires")
                .setSortProperty("expires").setAutoWidth(true).setFlexGrow(0);
        jobs.setItems(query -> {
            JobSort sortBy = query.getSortOrders().isEmpty() ? null
                    : new JobSort(JobSort.Column.fromLabel(query.getSortOrders().getFirst().getSorted()),
                    query.getSortOrders().getFirst().getDirection() == SortDirection.DESCENDING);
            return search.search(filter, sortBy, query.getOffset(), query.getLimit()).rows().stream();
        });
        HorizontalLayout heading = new HorizontalLayout(title, count, all);
        heading.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        details.add(heading, jobs);
    }
}
