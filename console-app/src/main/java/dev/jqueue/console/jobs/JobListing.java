package dev.jqueue.console.jobs;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.SortDirection;
import dev.jqueue.JobState;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.JobIdText;
import dev.jqueue.console.ui.JsonView;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.StateBadge;
import dev.jqueue.console.ui.Times;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.reads.Count;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch;
import dev.jqueue.reads.JobSort;
import dev.jqueue.reads.Page;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A page of jobs (100 rows) in a lazy grid: the grid asks the database for the rows it shows
 * as it scrolls, sorted on the server ({@link JobSearch}), with per-state columns and the
 * reference's default order per state. Under it a pager with the capped total ("1–100 of
 * 10,000+ jobs"). Sorting and paging are reported to the page, which keeps them in its URL.
 */
public class JobListing extends VerticalLayout {

    public static final int PAGE_SIZE = 100;

    /** Which columns to show: the state tab's columns, or (null) the all-states list. */
    private JobState columns;
    private final Grid<JobRow> grid = new Grid<>();
    private final Span range = new Span();
    private final Button previous = new Button("Previous", VaadinIcon.ANGLE_LEFT.create());
    private final Button next = new Button("Next", VaadinIcon.ANGLE_RIGHT.create());
    private final Consumer<JobListParams> navigate;
    private final CallbackDataProvider<JobRow, Void> dataProvider;
    private final List<Runnable> selectionListeners = new java.util.ArrayList<>();

    private String backend;
    private BackendContext context;
    private JobListParams params = JobListParams.of(JobFilter.none());
    private int rowsOnPage;
    /** Where a filter's count is already known (the queue page's tab counts); empty: count it. */
    private java.util.function.Function<JobFilter, java.util.Optional<Count>> knownCount = filter -> java.util.Optional.empty();
    private Count total = new Count(0, false);
    private boolean applyingSort;
    private boolean layoutDone;
    private boolean selectable;
    private boolean openOnClick;
    private boolean showQueue;

    /** @param navigate called with the new sort or page; the page puts it into its URL and calls {@link #show} */
    public JobListing(Consumer<JobListParams> navigate) {
        this.navigate = navigate;
        addClassName("job-listing");
        setPadding(false);
        setSpacing(false);
        getThemeList().add("spacing-s");
        grid.addClassName("job-grid");
        grid.addThemeVariants(GridVariant.ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setMultiSort(false);
        grid.setPageSize(50);
        grid.setHeight("min(62vh, 42rem)");
        grid.setEmptyStateText("No jobs match.");
        dataProvider = new CallbackDataProvider<>(query -> {
            int offset = query.getOffset();
            int limit = Math.max(0, Math.min(query.getLimit(), rowsOnPage - offset));
            if (context == null || limit == 0) {
                return java.util.stream.Stream.empty();
            }
            // A count limit of 0 makes the page read skip the real count (the pager already has it).
            Page<JobRow> page = new JobSearch(context, 0).search(params.filter(), params.sort(),
                    (params.page() - 1) * PAGE_SIZE + offset, limit);
            return page.rows().stream();
        }, query -> {
            query.getOffset();
            query.getLimit();
            return rowsOnPage;
        }, JobRow::id);
        grid.setItems(dataProvider);
        grid.addSortListener(event -> {
            if (applyingSort || !event.isFromClient()) {
                return;
            }
            List<GridSortOrder<JobRow>> order = event.getSortOrder();
            JobSort sort = order.isEmpty() ? null : new JobSort(JobSort.Column.fromLabel(order.getFirst().getSorted().getKey()),
                    order.getFirst().getDirection() == SortDirection.DESCENDING);
            navigate.accept(params.withSort(sort));
        });
        grid.addItemClickListener(click -> {
            if (openOnClick && click.getItem() != null) {
                Links.navigate(Links.job(backend, click.getItem().id()));
            }
        });

        previous.addClickListener(click -> navigate.accept(params.withPage(params.page() - 1)));
        next.addClickListener(click -> navigate.accept(params.withPage(params.page() + 1)));
        previous.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        next.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        next.setIconAfterText(true);
        previous.addClassName("page-previous");
        next.addClassName("page-next");
        range.addClassName("page-range");
        HorizontalLayout pager = new HorizontalLayout(range, previous, next);
        pager.addClassName("pager");
        pager.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        add(grid, pager);
        setWidthFull();
    }

    /**
     * Shows the jobs of a backend matching {@code params}.
     *
     * @param columns the state whose columns to show, or null for the all-states list (with a state column)
     * @param showQueue include a queue column
     * @param selectable multi-select with checkboxes (for bulk actions)
     * @param openOnClick a row click opens the job's page
     */
    public void show(String backend, BackendContext context, JobListParams params, JobState columns, boolean showQueue,
                     boolean selectable, boolean openOnClick) {
        this.backend = backend;
        this.context = context;
        this.params = params;
        this.openOnClick = openOnClick;
        if (!layoutDone || this.columns != columns || this.selectable != selectable || this.showQueue != showQueue) {
            this.columns = columns;
            this.selectable = selectable;
            this.showQueue = showQueue;
            buildColumns();
            layoutDone = true;
        }
        Grid.SelectionMode mode = selectable ? Grid.SelectionMode.MULTI : Grid.SelectionMode.NONE;
        if (grid.getSelectionMode() != mode) {
            // A new selection model: listeners belong to the model, so they are registered again.
            grid.setSelectionMode(mode);
            if (mode != Grid.SelectionMode.NONE) {
                grid.addSelectionListener(change -> selectionListeners.forEach(Runnable::run));
            }
        }
        grid.getElement().getClassList().set("clickable-rows", openOnClick);
        applySortIndicator();
        reload();
    }

    /**
     * Counts come from {@code source} where it knows them (the queue page takes its tab counts
     * from the shared snapshot instead of counting the same rows again for the pager).
     */
    public void countFrom(java.util.function.Function<JobFilter, java.util.Optional<Count>> source) {
        this.knownCount = source;
    }

    /** Reads the count and the page again (after an action, or on "Refresh"). Keeps the selection of rows still there. */
    public void reload() {
        if (context == null) {
            return;
        }
        int offset = (params.page() - 1) * PAGE_SIZE;
        total = knownCount.apply(params.filter())
                .orElseGet(() -> new JobSearch(context).search(params.filter(), params.sort(), offset, 0).total());
        if (!total.atLeast() || offset + PAGE_SIZE <= total.value()) {
            rowsOnPage = (int) Math.max(0, Math.min(PAGE_SIZE, total.value() - offset));
        } else {
            // Past the capped count: ask for this page's ids to know how many rows it has.
            rowsOnPage = (int) Math.min(PAGE_SIZE, new JobSearch(context, 0).search(params.filter(), params.sort(),
                    offset, PAGE_SIZE).rows().size());
        }
        grid.deselectAll();
        // As tall as the page's rows (a short list leaves no empty box), at most most of the screen.
        double rowRem = columns == JobState.FAILED ? 3.0 : 2.25; // failed rows have two lines
        grid.setHeight("min(62vh, " + (2.5 + Math.max(rowsOnPage, 3) * rowRem) + "rem)");
        dataProvider.refreshAll();
        showRange(offset);
    }

    private void showRange(int offset) {
        range.setText(rangeText(params.page(), rowsOnPage, total));
        previous.setEnabled(params.page() > 1);
        next.setEnabled(rowsOnPage == PAGE_SIZE && (total.atLeast() || offset + PAGE_SIZE < total.value()));
    }

    /** "101–200 of 10,000+ jobs", "0 jobs", "No jobs on page 7 (of 120 jobs)". */
    static String rangeText(int page, int rowsOnPage, Count total) {
        long offset = (long) (page - 1) * PAGE_SIZE;
        if (rowsOnPage == 0) {
            return page > 1 ? "No jobs on page " + page + " (of " + CountText.of(total, "job", "jobs") + ")" : "0 jobs";
        }
        return CountText.format(offset + 1) + "–" + CountText.format(offset + rowsOnPage) + " of "
                + CountText.of(total, "job", "jobs");
    }

    /** Called whenever the selected rows change (whatever the selection mode). */
    public void addSelectionListener(Runnable listener) {
        selectionListeners.add(listener);
    }

    public Set<JobRow> selected() {
        return grid.getSelectedItems();
    }

    public Grid<JobRow> grid() {
        return grid;
    }

    public Count total() {
        return total;
    }

    private void applySortIndicator() {
        applyingSort = true;
        try {
            JobSort sort = params.sort();
            Grid.Column<JobRow> column = sort == null ? null : grid.getColumnByKey(sort.column().label());
            if (column == null) {
                grid.sort(List.of());
            } else {
                grid.sort(List.of(new GridSortOrder<>(column, sort.descending() ? SortDirection.DESCENDING : SortDirection.ASCENDING)));
            }
        } finally {
            applyingSort = false;
        }
    }

    // ------------------------------------------------------------------ columns

    private void buildColumns() {
        grid.removeAllColumns();
        grid.addComponentColumn(this::idLink).setHeader("Id").setKey(JobSort.Column.ID.label()).setSortable(true)
                .setWidth("9.5rem").setFlexGrow(0).setFrozen(true);
        grid.addColumn(row -> shortTask(row.taskPath())).setHeader("Task").setKey(JobSort.Column.TASK.label())
                .setSortable(true).setWidth("10rem").setFlexGrow(1).setTooltipGenerator(JobRow::taskPath);
        if (showQueue) {
            grid.addComponentColumn(row -> new Anchor(Links.queue(backend, row.queueName(), row.state()), row.queueName()))
                    .setHeader("Queue").setKey(JobSort.Column.QUEUE.label()).setSortable(true).setWidth("8rem").setFlexGrow(1);
        }
        if (columns == null) {
            grid.addComponentColumn(row -> new StateBadge(row.state())).setHeader("State").setKey("state")
                    .setWidth("7rem").setFlexGrow(0);
        }
        grid.addColumn(JobRow::priority).setHeader("Priority").setKey(JobSort.Column.PRIORITY.label()).setSortable(true)
                .setTextAlign(ColumnTextAlign.END).setWidth("5.8rem").setFlexGrow(0);
        time("Created", JobSort.Column.CREATED, JobRow::createdAt);
        if (columns == null) {
            attempts();
            return;
        }
        switch (columns) {
            case CLAIMED -> {
                text("Process", "process", JobRow::processName);
                time("Started", JobSort.Column.STARTED, JobRow::claimedAt);
            }
            case SCHEDULED -> time("Scheduled at", JobSort.Column.SCHEDULED, JobRow::scheduledAt);
            case BLOCKED -> {
                text("Concurrency key", "concurrency-key", JobRow::concurrencyKey);
                time("Expires at", JobSort.Column.EXPIRES, JobRow::blockedUntil);
            }
            case FAILED -> {
                grid.addComponentColumn(JobListing::errorCell).setHeader("Error").setKey("error").setWidth("12rem")
                        .setFlexGrow(3).setTooltipGenerator(row -> row.exceptionClass() + ": " + oneLine(row.message(), 1000));
                time("Failed at", JobSort.Column.FAILED, JobRow::failedAt);
                attempts();
            }
            case FINISHED -> {
                time("Finished at", JobSort.Column.FINISHED, JobRow::finishedAt);
                grid.addColumn(row -> JsonView.compact(row.returnValueJson(), 120)).setHeader("Return value")
                        .setKey("return-value").setWidth("14rem").setFlexGrow(3)
                        .setTooltipGenerator(row -> JsonView.compact(row.returnValueJson(), 2000));
            }
            default -> {
            }
        }
    }

    private void attempts() {
        grid.addColumn(JobRow::attempts).setHeader("Attempts").setKey(JobSort.Column.ATTEMPTS.label()).setSortable(true)
                .setTextAlign(ColumnTextAlign.END).setWidth("6.3rem").setFlexGrow(0);
    }

    private void text(String header, String key, Function<JobRow, String> value) {
        grid.addColumn(row -> value.apply(row) == null ? "–" : value.apply(row)).setHeader(header).setKey(key)
                .setWidth("10rem").setFlexGrow(1).setTooltipGenerator(row -> value.apply(row));
    }

    private void time(String header, JobSort.Column column, Function<JobRow, java.time.Instant> value) {
        grid.addColumn(row -> Times.format(value.apply(row))).setHeader(header).setKey(column.label()).setSortable(true)
                .setWidth("11rem").setFlexGrow(0);
    }

    /** Exception class (short) over the message, both one line. */
    private static Component errorCell(JobRow row) {
        Span exception = new Span(shortClass(row.exceptionClass()));
        exception.addClassName("error-class");
        Span message = new Span(oneLine(row.message(), 300));
        message.addClassName("error-message");
        Span cell = new Span(exception, message);
        cell.addClassName("error-cell");
        return cell;
    }

    private Component idLink(JobRow row) {
        Anchor link = new Anchor(Links.job(backend, row.id()), JobIdText.shortText(row.id()));
        link.addClassName("job-link");
        link.setTitle(row.id().toString());
        return link;
    }

    /**
     * "DemoTasks.sendEmail" for "dev.jqueue.console.demo.DemoTasks.sendEmail" (and "Tasks.run" for
     * the nested class "a.b.Outer$Tasks.run").
     */
    static String shortTask(String path) {
        if (path == null) {
            return "";
        }
        int method = path.lastIndexOf('.');
        int type = method <= 0 ? -1 : Math.max(path.lastIndexOf('.', method - 1), path.lastIndexOf('$', method - 1));
        return type < 0 ? path : path.substring(type + 1);
    }

    /** "IllegalStateException" for "java.lang.IllegalStateException". */
    static String shortClass(String name) {
        if (name == null) {
            return "";
        }
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
