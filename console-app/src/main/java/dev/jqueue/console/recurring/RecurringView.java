package dev.jqueue.console.recurring;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.PageQuery;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.recurring.RecurringTask;
import dev.jqueue.recurring.SchedulePreview;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.Texts;
import dev.jqueue.console.ui.Times;
import jakarta.annotation.security.RolesAllowed;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recurring tasks of a backend, static and dynamic, with what their schedules mean and
 * when they last and next run; each key links to the jobs it enqueued. An ADMIN creates, edits
 * and unschedules dynamic tasks here; static tasks are read-only (they come from
 * configuration). The page says whether this backend's scheduler fires dynamic tasks at all.
 *
 * <p>URL: {@code recurring?backend=&sort=&key=}.
 */
@Route(value = RecurringView.ROUTE, layout = MainLayout.class)
@PageTitle("Recurring tasks · jqueue")
@Menu(title = "Recurring", order = 4, icon = "vaadin:clock")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class RecurringView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "recurring";
    private static final String DEFAULT_SORT = "key";
    private static final int ALL_ROWS_VISIBLE = 10;

    private final Backends backends;
    private final ConsoleActions actions;
    private final BackendSelect backendSelect;
    private final Div dynamicState = new Div();
    private final Grid<RecurringTask> grid = new Grid<>();
    private final Map<String, Grid.Column<RecurringTask>> sortColumns = new HashMap<>();
    private final Div details = new Div();
    private final Map<String, String> descriptions = new HashMap<>();
    private final boolean admin;

    private String alias;
    private String sort = DEFAULT_SORT;
    private String selectedKey;
    private List<RecurringTask> tasks = List.of();
    private boolean applyingUrl;
    private boolean dynamicEnabled;

    public RecurringView(Backends backends, ConsoleActions actions) {
        this.backends = backends;
        this.actions = actions;
        this.admin = Permissions.has(ConsoleRole.ADMIN);
        addClassName("recurring-view");
        setWidthFull();

        backendSelect = new BackendSelect(backends, picked -> {
            alias = picked;
            selectedKey = null;
            query().navigate();
        });
        HorizontalLayout header = new HorizontalLayout(new H2("Recurring tasks"), backendSelect);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        dynamicState.addClassName("dynamic-tasks-state");
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> render());
        refresh.addThemeVariants(ButtonVariant.TERTIARY);
        HorizontalLayout toolbar = new HorizontalLayout();
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (admin) {
            Button create = new Button("New dynamic task", VaadinIcon.PLUS.create(), click -> openEditor(null));
            create.addClassName("recurring-new");
            create.addThemeVariants(ButtonVariant.PRIMARY);
            toolbar.add(create);
        }
        toolbar.add(refresh);

        configureGrid();
        details.addClassName("recurring-details");
        details.setWidthFull();
        add(header, dynamicState, toolbar, grid, details);
    }

    private void configureGrid() {
        grid.addClassName("recurring-grid");
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.setEmptyStateText("No recurring tasks on this backend.");
        sortColumns.put("key", grid.addComponentColumn(t -> new Anchor(Links.jobs(alias, "recurring", t.key()), t.key()))
                .setHeader("Key").setKey("key").setAutoWidth(true).setFlexGrow(1)
                .setComparator(Comparator.comparing(RecurringTask::key, String::compareToIgnoreCase)));
        sortColumns.put("task", grid.addColumn(t -> Texts.shortTaskPath(t.taskPath())).setHeader("Task").setKey("task")
                .setTooltipGenerator(RecurringTask::taskPath).setAutoWidth(true)
                .setComparator(Comparator.comparing(RecurringTask::taskPath, String::compareToIgnoreCase)));
        sortColumns.put("schedule", grid.addColumn(RecurringTask::schedule).setHeader("Schedule").setKey("schedule")
                .setAutoWidth(true).setComparator(Comparator.comparing(RecurringTask::schedule)));
        grid.addColumn(t -> describe(t.schedule())).setHeader("Meaning").setKey("meaning").setAutoWidth(true)
                .setTooltipGenerator(t -> describe(t.schedule()));
        sortColumns.put("queue", grid.addColumn(RecurringTask::queue).setHeader("Queue").setKey("queue").setAutoWidth(true)
                .setComparator(Comparator.comparing(RecurringTask::queue)));
        sortColumns.put("priority", grid.addColumn(RecurringTask::priority).setHeader("Priority").setKey("priority")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0)
                .setComparator(Comparator.comparingInt(RecurringTask::priority)));
        sortColumns.put("type", grid.addComponentColumn(RecurringView::typeBadge).setHeader("Type").setKey("type")
                .setAutoWidth(true).setFlexGrow(0).setComparator(Comparator.comparing(RecurringTask::isStatic)));
        sortColumns.put("last", grid.addColumn(t -> Times.format(t.lastRunAt())).setHeader("Last run").setKey("last")
                .setAutoWidth(true).setFlexGrow(0)
                .setComparator(Comparator.comparing(RecurringTask::lastRunAt, Comparator.nullsLast(Comparator.naturalOrder()))));
        sortColumns.put("next", grid.addColumn(this::nextRun).setHeader("Next run").setKey("next")
                .setAutoWidth(true).setFlexGrow(0)
                .setComparator(Comparator.comparing(RecurringTask::nextRunAt, Comparator.nullsLast(Comparator.naturalOrder()))));
        sortColumns.values().forEach(column -> column.setSortable(true));
        grid.addSortListener(event -> {
            if (applyingUrl) {
                return;
            }
            List<GridSortOrder<RecurringTask>> orders = event.getSortOrder();
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
            showDetails();
        });
    }

    /** The next tick, unless the task is dynamic and this backend does not fire dynamic tasks. */
    private String nextRun(RecurringTask task) {
        if (!task.isStatic() && !dynamicEnabled) {
            return "not fired (dynamic tasks off)";
        }
        return Times.format(task.nextRunAt());
    }

    private static Component typeBadge(RecurringTask task) {
        Badge badge = new Badge(task.isStatic() ? "static" : "dynamic");
        badge.addThemeVariants(task.isStatic() ? BadgeVariant.CONTRAST : BadgeVariant.SUCCESS);
        return badge;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PageQuery query = PageQuery.of(ROUTE, event);
        alias = backendSelect.resolve(query.get("backend"));
        sort = query.get("sort") == null ? DEFAULT_SORT : query.get("sort");
        selectedKey = query.get("key");
        render();
    }

    private PageQuery query() {
        return PageQuery.of(ROUTE).set("backend", alias).set("sort", DEFAULT_SORT.equals(sort) ? null : sort)
                .set("key", selectedKey);
    }

    private Backend backend() {
        return backends.get(alias);
    }

    private String describe(String schedule) {
        return descriptions.computeIfAbsent(schedule, s -> {
            try {
                return backend().recurring().preview(s, 0).description();
            } catch (RuntimeException e) {
                return "invalid schedule";
            }
        });
    }

    private void render() {
        Backend backend = backend();
        boolean enabled = backend.recurring().dynamicTasksEnabled();
        dynamicEnabled = enabled;
        dynamicState.removeAll();
        Badge state = new Badge(enabled ? "Dynamic tasks fire" : "Dynamic tasks do not fire");
        state.addThemeVariants(enabled ? BadgeVariant.SUCCESS : BadgeVariant.WARNING);
        Span explanation = new Span(enabled
                ? " The scheduler of backend " + alias + " fires dynamic tasks (jqueue.backends." + alias
                + ".scheduler.dynamic-tasks-enabled=true)."
                : " Dynamic tasks are stored but the scheduler of backend " + alias + " does not fire them: set jqueue.backends."
                + alias + ".scheduler.dynamic-tasks-enabled=true. Static tasks fire regardless.");
        explanation.addClassName("dynamic-tasks-explanation");
        dynamicState.add(state, explanation);

        try {
            tasks = backend.recurring().list();
        } catch (RuntimeException e) {
            tasks = List.of();
            Notifications.error("Could not read recurring tasks: " + e.getMessage());
        }
        applyingUrl = true;
        try {
            grid.setItems(tasks);
            grid.setAllRowsVisible(tasks.size() <= ALL_ROWS_VISIBLE);
            if (tasks.size() > ALL_ROWS_VISIBLE) {
                grid.setHeight("24rem");
            }
            grid.recalculateColumnWidths();
            boolean descending = sort.startsWith("-");
            Grid.Column<RecurringTask> column = sortColumns.get(descending ? sort.substring(1) : sort);
            if (column == null) {
                column = sortColumns.get(DEFAULT_SORT);
                descending = false;
            }
            grid.sort(List.of(new GridSortOrder<>(column, descending ? SortDirection.DESCENDING : SortDirection.ASCENDING)));
            Optional<RecurringTask> selected = selected();
            if (selected.isPresent()) {
                grid.select(selected.get());
            } else {
                grid.deselectAll();
            }
        } finally {
            applyingUrl = false;
        }
        showDetails();
    }

    private Optional<RecurringTask> selected() {
        return tasks.stream().filter(t -> t.key().equals(selectedKey)).findFirst();
    }

    private void showDetails() {
        details.removeAll();
        Optional<RecurringTask> selected = selected();
        if (selected.isEmpty()) {
            if (!tasks.isEmpty()) {
                details.add(new Span("Select a task to see its arguments and next runs."));
            }
            return;
        }
        RecurringTask task = selected.get();
        H3 title = new H3(task.key());
        title.addClassName("recurring-details-title");
        HorizontalLayout heading = new HorizontalLayout(title, typeBadge(task));
        heading.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        Div facts = new Div();
        facts.addClassName("recurring-facts");
        fact(facts, "Task", task.taskPath());
        fact(facts, "Schedule", task.schedule() + " · " + describe(task.schedule()));
        fact(facts, "Next runs", task.isStatic() || dynamicEnabled ? nextRuns(task.schedule())
                : "none: this backend does not fire dynamic tasks");
        fact(facts, "Last run", Times.format(task.lastRunAt()));
        fact(facts, "Queue", task.queue());
        fact(facts, "Priority", String.valueOf(task.priority()));
        fact(facts, "Description", task.description() == null || task.description().isBlank() ? Texts.NONE : task.description());
        fact(facts, "Created", Times.format(task.createdAt()));
        fact(facts, "Updated", Times.format(task.updatedAt()));
        Pre args = new Pre(backend().context().codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(task.args()));
        args.addClassName("recurring-args");
        args.getStyle().set("max-height", "10rem").set("overflow", "auto").set("background", "var(--lumo-contrast-5pct)")
                .set("padding", "var(--lumo-space-s)").set("margin", "0");

        HorizontalLayout buttons = new HorizontalLayout();
        buttons.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        buttons.add(new Anchor(Links.jobs(alias, "recurring", task.key()), "Jobs of this task"));
        details.add(heading);
        if (task.isStatic()) {
            Span note = new Span("Static task: it comes from configuration (jqueue.backends." + alias + ".recurring."
                    + task.key() + ".*). Change or remove it there; the console does not edit it.");
            note.addClassName("recurring-static-note");
            note.getStyle().set("color", "var(--lumo-secondary-text-color)");
            details.add(note);
        } else if (admin) {
            Button edit = new Button("Edit", VaadinIcon.EDIT.create(), click -> openEditor(task));
            edit.addClassName("recurring-edit");
            Button unschedule = new Button("Unschedule", VaadinIcon.TRASH.create(), click -> confirmUnschedule(task));
            unschedule.addClassName("recurring-unschedule");
            unschedule.addThemeVariants(ButtonVariant.ERROR);
            buttons.addComponentAsFirst(unschedule);
            buttons.addComponentAsFirst(edit);
        }
        details.add(facts, new Span("Arguments"), args, buttons);
    }

    private String nextRuns(String schedule) {
        try {
            SchedulePreview preview = backend().recurring().preview(schedule, RecurringEditor.PREVIEW_RUNS);
            return String.join(", ", preview.nextRuns().stream().map(Times::format).toList());
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static void fact(Div facts, String label, String value) {
        Div row = new Div();
        Span name = new Span(label);
        name.getStyle().set("display", "inline-block").set("min-width", "8rem")
                .set("color", "var(--lumo-secondary-text-color)");
        Span text = new Span(value);
        text.addClassName("fact-" + label.toLowerCase().replace(' ', '-'));
        row.add(name, text);
        facts.add(row);
    }

    private void openEditor(RecurringTask existing) {
        RecurringEditor editor = new RecurringEditor(backend(), actions, existing, savedKey -> {
            selectedKey = savedKey;
            descriptions.clear();
            query().replaceUrl();
            render();
        });
        editor.open();
    }

    private void confirmUnschedule(RecurringTask task) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.addClassName("recurring-confirm");
        dialog.setHeader("Unschedule " + task.key() + "?");
        dialog.setText("The dynamic task " + task.key() + " stops firing and is removed. Jobs it already enqueued stay.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Unschedule");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(event -> {
            Notifications.run(() -> actions.unscheduleRecurring(alias, task.key()));
            selectedKey = null;
            query().replaceUrl();
            render();
        });
        dialog.open();
    }
}
