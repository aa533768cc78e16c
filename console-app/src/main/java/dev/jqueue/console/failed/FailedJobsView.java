package dev.jqueue.console.failed;

import com.vaadin.flow.component.Component;
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
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.JobState;
import dev.jqueue.TaskError;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.PageQuery;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch.FailedGroup;
import dev.jqueue.reads.JobSort;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.Texts;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.Times;
import jakarta.annotation.security.RolesAllowed;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Failed jobs grouped by exception class and task, GoodJob-cleaner style: how many, first and
 * last seen. Selecting a group lists its jobs (links to their pages) with the newest error and
 * stack trace. Operators retry or discard the selected jobs, a whole group, or everything the
 * filter matches, each after a confirmation that states how many jobs it touches.
 *
 * <p>URL: {@code failed?backend=&queue=&task=&class=&sort=&group=<exception class>|<task path>}.
 */
@Route(value = FailedJobsView.ROUTE, layout = MainLayout.class)
@PageTitle("Failed jobs · jqueue")
@Menu(title = "Failed jobs", order = 3, icon = "vaadin:warning")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class FailedJobsView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "failed";
    private static final String DEFAULT_SORT = "-count";
    private static final int ALL_ROWS_VISIBLE = 8;

    private final FailedJobReads reads;
    private final ConsoleActions actions;
    private final BackendSelect backendSelect;
    private final TextField queueFilter = filterField("Queue", "exact queue name");
    private final TextField taskFilter = filterField("Task", "part of the task path");
    private final TextField classFilter = filterField("Exception class", "exact class name");
    private final Span summary = new Span();
    private final Button retryAll = new Button("Retry all matching", VaadinIcon.ROTATE_LEFT.create());
    private final Button discardAll = new Button("Discard all matching", VaadinIcon.TRASH.create());
    private final Grid<FailedGroup> groupGrid = new Grid<>();
    private final Map<String, Grid.Column<FailedGroup>> sortColumns;
    private final Div groupPanel = new Div();
    private final boolean mayAct;

    private String alias;
    private String sort = DEFAULT_SORT;
    private String groupKey;
    private List<FailedGroup> groups = List.of();
    private boolean applyingUrl;

    public FailedJobsView(Backends backends, FailedJobReads reads, ConsoleActions actions) {
        this.reads = reads;
        this.actions = actions;
        this.mayAct = Permissions.has(ConsoleRole.OPERATOR);
        addClassName("failed-view");
        setWidthFull();

        backendSelect = new BackendSelect(backends, picked -> {
            alias = picked;
            groupKey = null;
            query().navigate();
        });
        for (TextField field : List.of(queueFilter, taskFilter, classFilter)) {
            field.addValueChangeListener(change -> {
                if (change.isFromClient()) {
                    groupKey = null;
                    changed();
                }
            });
        }
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> render());
        refresh.addThemeVariants(ButtonVariant.TERTIARY);

        HorizontalLayout header = new HorizontalLayout(new H2("Failed jobs"), backendSelect);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        HorizontalLayout filters = new HorizontalLayout(queueFilter, taskFilter, classFilter, refresh);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.addClassName("failed-filters");

        summary.addClassName("failed-summary");
        retryAll.addClassName("retry-all");
        discardAll.addClassName("discard-all");
        discardAll.addThemeVariants(ButtonVariant.ERROR);
        retryAll.addClickListener(click -> confirmAllMatching(true));
        discardAll.addClickListener(click -> confirmAllMatching(false));
        HorizontalLayout bulk = new HorizontalLayout(summary);
        bulk.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (mayAct) {
            bulk.add(retryAll, discardAll);
        }

        groupGrid.addClassName("failed-groups");
        groupGrid.addThemeVariants(GridVariant.ROW_STRIPES);
        groupGrid.setEmptyStateText("No failed jobs match.");

        Grid.Column<FailedGroup> exception = groupGrid.addColumn(g -> Texts.simpleClassName(g.exceptionClass()))
                .setHeader("Exception").setKey("class").setAutoWidth(true).setFlexGrow(1)
                .setTooltipGenerator(FailedGroup::exceptionClass)
                .setComparator(Comparator.comparing(FailedGroup::exceptionClass, Comparator.nullsLast(String::compareToIgnoreCase)));
        Grid.Column<FailedGroup> task = groupGrid.addColumn(g -> Texts.shortTaskPath(g.taskPath()))
                .setHeader("Task").setKey("task").setAutoWidth(true).setFlexGrow(1).setTooltipGenerator(FailedGroup::taskPath)
                .setComparator(Comparator.comparing(FailedGroup::taskPath, Comparator.nullsLast(String::compareToIgnoreCase)));
        Grid.Column<FailedGroup> count = groupGrid.addColumn(g -> CountText.format(g.count())).setHeader("Jobs").setKey("count")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0)
                .setComparator(Comparator.comparingLong(FailedGroup::count));
        Grid.Column<FailedGroup> first = groupGrid.addColumn(g -> Times.format(g.firstSeen())).setHeader("First seen")
                .setKey("first").setAutoWidth(true).setFlexGrow(0)
                .setComparator(Comparator.comparing(FailedGroup::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())));
        Grid.Column<FailedGroup> last = groupGrid.addColumn(g -> Times.format(g.lastSeen())).setHeader("Last seen")
                .setKey("last").setAutoWidth(true).setFlexGrow(0)
                .setComparator(Comparator.comparing(FailedGroup::lastSeen, Comparator.nullsLast(Comparator.naturalOrder())));
        sortColumns = Map.of("class", exception, "task", task, "count", count, "first", first, "last", last);
        sortColumns.values().forEach(column -> column.setSortable(true));
        groupGrid.addSortListener(event -> {
            if (applyingUrl) {
                return;
            }
            List<GridSortOrder<FailedGroup>> orders = event.getSortOrder();
            sort = orders.isEmpty() ? DEFAULT_SORT
                    : (orders.getFirst().getDirection() == SortDirection.DESCENDING ? "-" : "")
                    + orders.getFirst().getSorted().getKey();
            query().replaceUrl();
        });
        groupGrid.asSingleSelect().addValueChangeListener(change -> {
            if (!change.isFromClient()) {
                return;
            }
            groupKey = change.getValue() == null ? null : key(change.getValue());
            query().replaceUrl();
            showGroup();
        });

        groupPanel.addClassName("failed-group-panel");
        groupPanel.setWidthFull();
        add(header, filters, bulk, groupGrid, groupPanel);
    }

    private static TextField filterField(String label, String placeholder) {
        TextField field = new TextField(label);
        field.setPlaceholder(placeholder);
        field.setClearButtonVisible(true);
        field.setValueChangeMode(ValueChangeMode.LAZY);
        field.setValueChangeTimeout(400);
        return field;
    }

    static String key(FailedGroup group) {
        return group.exceptionClass() + "|" + group.taskPath();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PageQuery query = PageQuery.of(ROUTE, event);
        alias = backendSelect.resolve(query.get("backend"));
        queueFilter.setValue(Objects.toString(query.get("queue"), ""));
        taskFilter.setValue(Objects.toString(query.get("task"), ""));
        classFilter.setValue(Objects.toString(query.get("class"), ""));
        sort = query.get("sort") == null ? DEFAULT_SORT : query.get("sort");
        groupKey = query.get("group");
        render();
    }

    private PageQuery query() {
        return PageQuery.of(ROUTE).set("backend", alias).set("queue", queueFilter.getValue())
                .set("task", taskFilter.getValue()).set("class", classFilter.getValue())
                .set("sort", DEFAULT_SORT.equals(sort) ? null : sort).set("group", groupKey);
    }

    private void changed() {
        query().replaceUrl();
        render();
    }

    private JobFilter pageFilter() {
        return FailedJobReads.pageFilter(blankToNull(queueFilter.getValue()), blankToNull(taskFilter.getValue()),
                blankToNull(classFilter.getValue()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private void render() {
        try {
            groups = reads.groups(alias, pageFilter());
        } catch (RuntimeException e) {
            groups = List.of();
            Notifications.error("Could not read failed jobs: " + e.getMessage());
        }
        long total = groups.stream().mapToLong(FailedGroup::count).sum();
        summary.setText(String.format("%,d failed job%s in %,d group%s", total, total == 1 ? "" : "s", groups.size(),
                groups.size() == 1 ? "" : "s"));
        retryAll.setEnabled(total > 0);
        discardAll.setEnabled(total > 0);
        retryAll.setText("Retry all matching (" + String.format("%,d", total) + ")");
        discardAll.setText("Discard all matching (" + String.format("%,d", total) + ")");

        applyingUrl = true;
        try {
            groupGrid.setItems(groups);
            // A handful of groups is shown whole; many scroll inside a fixed height.
            groupGrid.setAllRowsVisible(groups.size() <= ALL_ROWS_VISIBLE);
            if (groups.size() > ALL_ROWS_VISIBLE) {
                groupGrid.setHeight("22rem");
            }
            applySort();
            Optional<FailedGroup> selected = selectedGroup();
            if (selected.isPresent()) {
                groupGrid.select(selected.get());
            } else {
                groupGrid.deselectAll();
            }
        } finally {
            applyingUrl = false;
        }
        showGroup();
    }

    private void applySort() {
        boolean descending = sort.startsWith("-");
        Grid.Column<FailedGroup> column = sortColumns.get(descending ? sort.substring(1) : sort);
        if (column == null) {
            column = sortColumns.get("count");
            descending = true;
        }
        groupGrid.sort(List.of(new GridSortOrder<>(column, descending ? SortDirection.DESCENDING : SortDirection.ASCENDING)));
    }

    private Optional<FailedGroup> selectedGroup() {
        return groups.stream().filter(g -> key(g).equals(groupKey)).findFirst();
    }

    // ------------------------------------------------------------------ one group

    private void showGroup() {
        groupPanel.removeAll();
        Optional<FailedGroup> selected = selectedGroup();
        if (selected.isEmpty()) {
            Span hint = new Span(groups.isEmpty() ? "" : "Select a group to see its jobs and its last error.");
            hint.addClassName("failed-hint");
            groupPanel.add(hint);
            return;
        }
        FailedGroup group = selected.get();
        FailedJobReads.GroupScope scope = reads.scope(alias, pageFilter(), group);

        H3 title = new H3(Texts.simpleClassName(group.exceptionClass()) + " in " + Texts.shortTaskPath(group.taskPath()));
        title.addClassName("failed-group-title");
        Span facts = new Span(String.format("%,d failed job%s · %s · %s · first seen %s · last seen %s", group.count(),
                group.count() == 1 ? "" : "s", group.exceptionClass(), group.taskPath(), Times.format(group.firstSeen()),
                Times.format(group.lastSeen())));
        facts.addClassName("failed-group-facts");
        Anchor inJobs = new Anchor(Links.jobs(alias, "state", "failed", "queue", blankToNull(queueFilter.getValue()),
                "task", group.taskPath()), "Open in job search");

        Grid<JobRow> jobs = jobGrid(scope);
        HorizontalLayout buttons = new HorizontalLayout();
        buttons.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (mayAct) {
            Button retryGroup = new Button("Retry group (" + String.format("%,d", group.count()) + ")",
                    VaadinIcon.ROTATE_LEFT.create(), click -> confirmGroup(scope, true));
            retryGroup.addClassName("retry-group");
            retryGroup.addThemeVariants(ButtonVariant.PRIMARY);
            Button discardGroup = new Button("Discard group (" + String.format("%,d", group.count()) + ")",
                    VaadinIcon.TRASH.create(), click -> confirmGroup(scope, false));
            discardGroup.addClassName("discard-group");
            discardGroup.addThemeVariants(ButtonVariant.ERROR);
            Button retrySelected = new Button("Retry selected", click -> confirmSelected(jobs.getSelectedItems(), true));
            retrySelected.addClassName("retry-selected");
            Button discardSelected = new Button("Discard selected", click -> confirmSelected(jobs.getSelectedItems(), false));
            discardSelected.addClassName("discard-selected");
            discardSelected.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.TERTIARY);
            retrySelected.setEnabled(false);
            discardSelected.setEnabled(false);
            jobs.addSelectionListener(selection -> {
                int n = selection.getAllSelectedItems().size();
                retrySelected.setEnabled(n > 0);
                discardSelected.setEnabled(n > 0);
                retrySelected.setText(n > 0 ? "Retry selected (" + n + ")" : "Retry selected");
                discardSelected.setText(n > 0 ? "Discard selected (" + n + ")" : "Discard selected");
            });
            buttons.add(retryGroup, discardGroup, retrySelected, discardSelected);
        }
        buttons.add(inJobs);

        groupPanel.add(title, facts, buttons, jobs, lastError(scope));
    }

    private Grid<JobRow> jobGrid(FailedJobReads.GroupScope scope) {
        Grid<JobRow> jobs = new Grid<>();
        jobs.addClassName("failed-group-jobs");
        jobs.addThemeVariants(GridVariant.ROW_STRIPES);
        // A small group is shown whole; a big one pages lazily inside a fixed height.
        if (scope.group().count() <= 5) {
            jobs.setAllRowsVisible(true);
        } else {
            jobs.setHeight("16rem");
        }
        if (mayAct) {
            jobs.setSelectionMode(Grid.SelectionMode.MULTI);
        }
        jobs.addComponentColumn(row -> Links.jobAnchor(alias, row.id())).setHeader("Job").setKey("id")
                .setSortProperty("id").setAutoWidth(true).setFlexGrow(0);
        jobs.addColumn(JobRow::queueName).setHeader("Queue").setKey("queue").setSortProperty("queue").setAutoWidth(true)
                .setFlexGrow(0);
        jobs.addColumn(row -> Times.format(row.failedAt())).setHeader("Failed at").setKey("failed").setSortProperty("failed")
                .setAutoWidth(true).setFlexGrow(0);
        jobs.addColumn(JobRow::attempts).setHeader("Attempts").setKey("attempts").setSortProperty("attempts")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        jobs.addColumn(row -> Texts.shorten(row.message(), 200)).setHeader("Message").setKey("message")
                .setTooltipGenerator(JobRow::message).setFlexGrow(1);
        // Lazy: a group of a million jobs pages through the database, newest failure first.
        jobs.setItems(query -> {
            JobSort sort = query.getSortOrders().isEmpty() ? null
                    : new JobSort(JobSort.Column.fromLabel(query.getSortOrders().getFirst().getSorted()),
                    query.getSortOrders().getFirst().getDirection() == SortDirection.DESCENDING);
            return reads.rows(scope, sort, query.getOffset(), query.getLimit()).stream();
        });
        return jobs;
    }

    private Component lastError(FailedJobReads.GroupScope scope) {
        Div box = new Div();
        box.addClassName("failed-last-error");
        Optional<TaskError> error = reads.lastError(scope);
        H4 heading = new H4("Last error");
        heading.getStyle().set("margin", "var(--lumo-space-s) 0 0 0");
        box.add(heading);
        if (error.isEmpty()) {
            box.add(new Span("No error recorded."));
            return box;
        }
        Span message = new Span(error.get().exceptionClass() + ": " + Objects.toString(error.get().message(), ""));
        message.addClassName("failed-last-message");
        Pre trace = new Pre(Objects.toString(error.get().stackTrace(), ""));
        trace.addClassName("failed-stack-trace");
        trace.getStyle().set("max-height", "13rem").set("margin", "var(--lumo-space-xs) 0 0 0").set("overflow", "auto").set("font-size", "var(--lumo-font-size-xs)")
                .set("white-space", "pre").set("background", "var(--lumo-contrast-5pct)")
                .set("padding", "var(--lumo-space-s)");
        box.add(message, trace);
        return box;
    }

    // ------------------------------------------------------------------ actions

    private void confirmAllMatching(boolean retry) {
        long total = groups.stream().mapToLong(FailedGroup::count).sum();
        JobFilter filter = pageFilter();
        String scope = describeFilter();
        String capped = total > ConsoleActions.MAX_BULK
                ? " (the first " + String.format("%,d", ConsoleActions.MAX_BULK) + " in one go)" : "";
        confirm((retry ? "Retry " : "Discard ") + jobs(total) + "?",
                (retry ? "Retries " : "Discards ") + jobs(total) + capped + " matching " + scope + "."
                        + (retry ? " They become ready and run again." : " They are deleted for good."),
                retry, () -> retry ? actions.retryMatching(alias, filter) : actions.discardMatching(alias, filter));
    }

    private void confirmGroup(FailedJobReads.GroupScope scope, boolean retry) {
        long n = scope.group().count();
        String what = Texts.simpleClassName(scope.group().exceptionClass()) + " in "
                + Texts.shortTaskPath(scope.group().taskPath());
        confirm((retry ? "Retry " : "Discard ") + jobs(n) + "?",
                (retry ? "Retries " : "Discards ") + "all " + jobs(n) + " of the group " + what + "."
                        + (retry ? " They become ready and run again." : " They are deleted for good."),
                retry, () -> {
                    if (scope.exact()) {
                        return retry ? actions.retryMatching(alias, scope.filter())
                                : actions.discardMatching(alias, scope.filter());
                    }
                    List<UUID> ids = reads.ids(scope);
                    return retry ? actions.retry(alias, null, ids) : actions.discard(alias, null, JobState.FAILED, ids);
                });
    }

    private void confirmSelected(Set<JobRow> selected, boolean retry) {
        List<UUID> ids = selected.stream().map(JobRow::id).toList();
        if (ids.isEmpty()) {
            return;
        }
        confirm((retry ? "Retry " : "Discard ") + jobs(ids.size()) + "?",
                (retry ? "Retries the " : "Discards the ") + jobs(ids.size()) + " you selected"
                        + " (jobs that are no longer failed are left alone).",
                retry, () -> retry ? actions.retry(alias, null, ids) : actions.discard(alias, null, JobState.FAILED, ids));
    }

    private void confirm(String header, String text, boolean retry, Supplier<ActionResult> action) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.addClassName("failed-confirm");
        dialog.setHeader(header);
        dialog.setText(text);
        dialog.setCancelable(true);
        dialog.setConfirmText(retry ? "Retry" : "Discard");
        if (!retry) {
            dialog.setConfirmButtonTheme("error primary");
        }
        dialog.addConfirmListener(event -> {
            Notifications.run(action);
            render();
        });
        dialog.open();
    }

    private static String jobs(long n) {
        return String.format("%,d", n) + " failed job" + (n == 1 ? "" : "s");
    }

    private String describeFilter() {
        StringBuilder text = new StringBuilder("on backend ").append(alias);
        if (!queueFilter.getValue().isBlank()) {
            text.append(", queue ").append(queueFilter.getValue().trim());
        }
        if (!taskFilter.getValue().isBlank()) {
            text.append(", task containing '").append(taskFilter.getValue().trim()).append("'");
        }
        if (!classFilter.getValue().isBlank()) {
            text.append(", exception ").append(classFilter.getValue().trim());
        }
        return text.toString();
    }
}
