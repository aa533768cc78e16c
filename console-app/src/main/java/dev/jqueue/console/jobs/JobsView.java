package dev.jqueue.console.jobs;

import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.JobState;
import dev.jqueue.backend.Backend;
import dev.jqueue.console.overview.BackendDirectory;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.BackendScope;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobSearch;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Job search: task path, queue, state, concurrency key, recurring task key, job id, argument
 * text, exception class and a creation time range. Every filter, the sort and the page are in
 * the URL ({@code jobs?backend=&state=&queue=&task=&key=&recurring=&id=&q=&error=&from=&to=&sort=&page=}),
 * so a shared link restores the view. Counts stop at 10,000 ("10,000+"). A row opens the job.
 */
@Route(value = "jobs", layout = MainLayout.class)
@PageTitle("Jobs · jqueue")
@Menu(title = "Jobs", order = 2, icon = "vaadin:tasks")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class JobsView extends VerticalLayout implements BeforeEnterObserver {

    private final BackendDirectory directory;
    private final BackendSelect backendSelect;
    private final TextField task = text("Task path", "filter-task", "contains, e.g. sendEmail");
    private final ComboBox<String> queue = new ComboBox<>("Queue");
    private final Select<String> state = new Select<>();
    private final TextField concurrencyKey = text("Concurrency key", "filter-key", "exact key");
    private final TextField uniqueKey = text("Unique key", "filter-unique", "exact @Unique key");
    private final TextField recurring = text("Recurring task", "filter-recurring", "exact key");
    private final TextField jobId = text("Job id", "filter-id", "full UUID");
    private final TextField argument = text("Argument text", "filter-q", "contains");
    private final TextField exception = text("Exception class", "filter-error", "exact class name");
    private final DateTimePicker from = new DateTimePicker("Created from");
    private final DateTimePicker to = new DateTimePicker("Created before");
    private final JobListing listing;
    private final Span problems = new Span();

    private String backend;
    private JobListParams params = JobListParams.of(JobFilter.none());
    private boolean filling;

    public JobsView(BackendDirectory directory) {
        this.directory = directory;
        addClassName("jobs-view");
        setWidthFull();

        backendSelect = new BackendSelect(directory.aliases(), alias -> Links.jobs(alias, params.filter()));
        HorizontalLayout header = new HorizontalLayout(new H2("Jobs"), backendSelect);
        header.addClassName("page-header");
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);

        queue.addClassName("filter-queue");
        queue.setAllowCustomValue(true);
        queue.setClearButtonVisible(true);
        queue.setPlaceholder("any");
        queue.addCustomValueSetListener(custom -> {
            queue.setItems(withValue(currentQueues(), custom.getDetail()));
            queue.setValue(custom.getDetail());
        });
        state.setLabel("State");
        state.addClassName("filter-state");
        List<String> states = new ArrayList<>();
        states.add("");
        for (JobState s : JobState.values()) {
            states.add(s.label());
        }
        state.setItems(states);
        state.setItemLabelGenerator(s -> s.isEmpty() ? "any" : s);
        state.setEmptySelectionAllowed(false);
        from.addClassName("filter-from");
        to.addClassName("filter-to");
        from.setStep(java.time.Duration.ofMinutes(15));
        to.setStep(java.time.Duration.ofMinutes(15));

        for (HasValue<?, ?> field : List.<HasValue<?, ?>>of(task, queue, state, concurrencyKey, uniqueKey, recurring, jobId, argument,
                exception, from, to)) {
            field.addValueChangeListener(change -> {
                if (!filling && change.isFromClient()) {
                    apply();
                }
            });
        }
        Button clear = new Button("Clear filters", VaadinIcon.CLOSE_SMALL.create(), click -> Links.navigate(Links.jobs(backend, JobFilter.none())));
        clear.addThemeVariants(ButtonVariant.TERTIARY);
        clear.addClassName("clear-filters");
        // No index serves a substring of the arguments, so the search reads a bounded window.
        argument.setHelperText("searched in the newest " + CountText.format(JobSearch.ARGUMENT_SCAN_LIMIT) + " jobs");
        Div filters = new Div(task, queue, state, concurrencyKey, uniqueKey, recurring, jobId, argument, exception, from, to,
                clear);
        filters.addClassName("job-filters");
        problems.addClassName("filter-problems");

        listing = new JobListing(this::navigate);
        add(header, filters, problems, listing);
    }

    private static TextField text(String label, String className, String placeholder) {
        TextField field = new TextField(label);
        field.addClassName(className);
        field.setPlaceholder(placeholder);
        field.setClearButtonVisible(true);
        field.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        return field;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<String> alias = BackendScope.resolve(event, directory.backends());
        if (alias.isEmpty()) {
            return;
        }
        backend = alias.get();
        params = JobListParams.parse(event.getLocation().getQueryParameters());
        problems.setText(String.join("; ", params.problems()));
        backendSelect.show(backend);
        fill(params.filter());
        Backend b = directory.backends().get(backend);
        listing.show(backend, b.context(), params, params.filter().state(), true, false, true);
    }

    /** Puts the URL's filter into the fields (without triggering a search). */
    private void fill(JobFilter filter) {
        filling = true;
        try {
            task.setValue(nz(filter.taskPath()));
            List<String> queues = currentQueues();
            queue.setItems(withValue(queues, filter.queue()));
            queue.setValue(filter.queue());
            state.setValue(filter.state() == null ? "" : filter.state().label());
            concurrencyKey.setValue(nz(filter.concurrencyKey()));
            uniqueKey.setValue(nz(filter.uniqueKey()));
            recurring.setValue(nz(filter.recurringKey()));
            jobId.setValue(filter.jobId() == null ? "" : filter.jobId().toString());
            jobId.setInvalid(false);
            argument.setValue(nz(filter.argumentText()));
            exception.setValue(nz(filter.exceptionClass()));
            from.setValue(local(filter.createdFrom()));
            to.setValue(local(filter.createdTo()));
        } finally {
            filling = false;
        }
    }

    /** Reads the fields into a filter and puts it into the URL (page 1, same sort). */
    private void apply() {
        UUID id = null;
        String idText = jobId.getValue().trim();
        if (!idText.isEmpty()) {
            try {
                id = UUID.fromString(idText);
                jobId.setInvalid(false);
            } catch (IllegalArgumentException e) {
                jobId.setErrorMessage("Not a job id (a UUID like 0196a0b2-…)");
                jobId.setInvalid(true);
                return;
            }
        }
        String stateValue = state.getValue();
        JobFilter filter = JobFilter.none()
                .withState(stateValue == null || stateValue.isEmpty() ? null : JobState.fromLabel(stateValue))
                .withQueue(blankToNull(queue.getValue())).withTaskPath(blankToNull(task.getValue()))
                .withConcurrencyKey(blankToNull(concurrencyKey.getValue())).withUniqueKey(blankToNull(uniqueKey.getValue())).withRecurringKey(blankToNull(recurring.getValue()))
                .withJobId(id).withArgumentText(blankToNull(argument.getValue()))
                .withExceptionClass(blankToNull(exception.getValue()))
                .withCreated(instant(from.getValue()), instant(to.getValue()));
        navigate(params.withFilter(filter));
    }

    private void navigate(JobListParams next) {
        Links.navigate("jobs" + Links.query(next.toParams(backend)));
    }

    private List<String> currentQueues() {
        try {
            return directory.snapshot(backend).queues().stream().map(q -> q.name()).sorted().toList();
        } catch (RuntimeException e) {
            Notifications.error("Could not read the queues: " + e.getMessage());
            return List.of();
        }
    }

    private static List<String> withValue(List<String> values, String value) {
        if (value == null || values.contains(value)) {
            return values;
        }
        List<String> all = new ArrayList<>(values);
        all.add(value);
        return all;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static LocalDateTime local(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
    }

    private static Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(ZoneId.systemDefault()).toInstant();
    }
}
