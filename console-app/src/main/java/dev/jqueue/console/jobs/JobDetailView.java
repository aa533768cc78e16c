package dev.jqueue.console.jobs;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.JobState;
import dev.jqueue.TaskError;
import dev.jqueue.TaskResult;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.overview.BackendDirectory;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.BackendScope;
import dev.jqueue.console.ui.ConfirmAction;
import dev.jqueue.console.ui.JobIdText;
import dev.jqueue.console.ui.JsonView;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.StateBadge;
import dev.jqueue.console.ui.Times;
import dev.jqueue.reads.JobDetail;
import dev.jqueue.reads.JobDetails;
import dev.jqueue.reads.JobFilter;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job: what it runs (task, queue, priority), its arguments and return value as indented JSON
 * text (never HTML), a timeline of what the database records, the error with its stack trace,
 * attempts, concurrency policy, the recurring task that produced it, and the actions its state
 * allows (failed: retry, discard; scheduled: run now, discard; ready and blocked: discard;
 * any state: enqueue a copy) for operators. URL: {@code jobs/<id>?backend=}.
 */
@Route(value = "jobs/:id", layout = MainLayout.class)
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class JobDetailView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final BackendDirectory directory;
    private final ConsoleActions actions;
    private final Div content = new Div();
    private String backend;
    private UUID id;
    private String title = "Job";

    public JobDetailView(BackendDirectory directory, ConsoleActions actions) {
        this.directory = directory;
        this.actions = actions;
        addClassName("job-detail-view");
        setWidthFull();
        content.addClassName("job-detail");
        content.setWidthFull();
        add(content);
    }

    @Override
    public String getPageTitle() {
        return title + " · jobs · jqueue";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<String> alias = BackendScope.resolve(event, directory.backends());
        if (alias.isEmpty()) {
            return;
        }
        backend = alias.get();
        String idText = event.getRouteParameters().get("id").orElse("");
        try {
            id = UUID.fromString(idText);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        render();
    }

    private void render() {
        content.removeAll();
        Div breadcrumbs = new Div(new Anchor(Links.overview(backend), "Overview"), new Span("›"),
                new Anchor(Links.jobs(backend, JobFilter.none()), "Jobs"), new Span("›"));
        breadcrumbs.addClassName("breadcrumbs");
        content.add(breadcrumbs);
        if (id == null) {
            title = "Not a job id";
            content.add(new H2("Not a job id"), new Paragraph("Job ids are UUIDs; this link does not contain one."));
            return;
        }
        Optional<JobDetail> found;
        try {
            found = new JobDetails(directory.backends().get(backend)).find(id);
        } catch (RuntimeException e) {
            content.add(new H2("Job " + id), new Paragraph("Could not read the job: " + e.getMessage()));
            return;
        }
        if (found.isEmpty()) {
            title = "Job not found";
            Paragraph gone = new Paragraph("No job " + id + " in backend " + backend
                    + ". It may have been discarded, or deleted by retention after it finished.");
            gone.addClassName("job-missing");
            content.add(new H2("Job not found"), gone);
            return;
        }
        JobDetail detail = found.get();
        TaskResult job = detail.result();
        title = JobListing.shortTask(job.taskPath()) + " " + JobIdText.shortText(id);

        H2 heading = new H2(JobListing.shortTask(job.taskPath()));
        heading.addClassName("job-title");
        HorizontalLayout header = new HorizontalLayout(heading, new StateBadge(job.state()));
        header.addClassName("page-header");
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        content.add(header);

        if (Permissions.canOperate()) {
            content.add(actionBar(job));
        }

        Div columns = new Div();
        columns.addClassName("job-columns");
        Div left = new Div(section("Job", facts(detail)), section("Timeline", timeline(detail)));
        left.addClassName("job-column");
        Div right = new Div(section("Arguments", new JsonView(detail.argumentsJson())));
        right.addClassName("job-column");
        if (job.returnValueJson() != null || job.state() == JobState.FINISHED) {
            JsonView result = new JsonView(job.returnValueJson());
            result.addClassName("return-value");
            right.add(section("Return value", result));
        }
        if (!job.errors().isEmpty()) {
            right.add(section("Error", errors(job.errors())));
        }
        columns.add(left, right);
        content.add(columns);
    }

    private static Div section(String heading, Component body) {
        Div section = new Div(new H3(heading), body);
        section.addClassNames("job-section", "job-section-" + heading.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return section;
    }

    // ------------------------------------------------------------------ facts

    private Component facts(JobDetail detail) {
        TaskResult job = detail.result();
        DescriptionList list = new DescriptionList();
        list.addClassName("job-facts");
        add(list, "Id", new Span(job.id().toString()));
        add(list, "Task", new Span(job.taskPath()));
        add(list, "Queue", new Anchor(Links.queue(backend, job.queueName(), job.state()), job.queueName()));
        add(list, "State", new StateBadge(job.state()));
        add(list, "Priority", new Span(String.valueOf(job.priority())));
        add(list, "Attempts", new Span(String.valueOf(job.attempts())));
        add(list, "Backend", new Span(backend));
        if (detail.uniqueKey() != null) {
            Anchor unique = new Anchor(Links.jobs(backend, JobFilter.none().withUniqueKey(detail.uniqueKey())),
                    detail.uniqueKey());
            unique.addClassName("unique-key");
            unique.setTitle("This job holds its @Unique key: an enqueue of the same key returns this job instead of a new one");
            add(list, "Unique key", unique);
        }
        if (detail.concurrencyKey() != null) {
            Anchor key = new Anchor(Links.jobs(backend, JobFilter.none().withConcurrencyKey(detail.concurrencyKey())),
                    detail.concurrencyKey());
            key.addClassName("concurrency-key");
            add(list, "Concurrency key", key);
            String policy = detail.concurrencyLimit() == null ? "–"
                    : "limit " + detail.concurrencyLimit() + ", slot held " + (detail.concurrencyDurationSeconds() == null
                    ? "–" : detail.concurrencyDurationSeconds() + " s") + ", on conflict " + detail.onConflict();
            add(list, "Concurrency policy", new Span(policy));
        }
        if (detail.blockedUntil() != null) {
            add(list, "Blocked until", new Span(Times.format(detail.blockedUntil())));
        }
        if (detail.retryAt() != null) {
            add(list, "Retry at", new Span(Times.format(detail.retryAt())));
        }
        if (detail.recurringKey() != null) {
            Anchor recurring = new Anchor(Links.jobs(backend, JobFilter.none().withRecurringKey(detail.recurringKey())),
                    detail.recurringKey());
            recurring.addClassName("recurring-key");
            Span run = new Span(" (run of " + Times.format(detail.recurringRunAt()) + ")");
            add(list, "Recurring task", new Span(recurring, run));
        }
        if (!job.workerNames().isEmpty()) {
            add(list, "Claimed by", new Span(String.join(", ", job.workerNames())));
        }
        return list;
    }

    private static void add(DescriptionList list, String term, Component value) {
        Div pair = new Div(new DescriptionList.Term(term), new DescriptionList.Description(value));
        pair.addClassName("fact");
        list.add(pair);
    }

    // ------------------------------------------------------------------ timeline

    private record Event(Instant at, String what, String detail, String kind) {
    }

    /** What the database records about the job's life, in time order. */
    static List<Event> events(JobDetail detail) {
        TaskResult job = detail.result();
        List<Event> events = new ArrayList<>();
        events.add(new Event(job.enqueuedAt(), "Enqueued", "on queue " + job.queueName() + ", priority " + job.priority(),
                "enqueued"));
        if (job.scheduledAt() != null && job.enqueuedAt() != null && job.scheduledAt().isAfter(job.enqueuedAt())) {
            events.add(new Event(job.scheduledAt(), job.state() == JobState.SCHEDULED ? "Scheduled to run" : "Scheduled for",
                    "", "scheduled"));
        }
        if (detail.recurringRunAt() != null) {
            events.add(new Event(detail.recurringRunAt(), "Recurring tick", "of " + detail.recurringKey(), "recurring"));
        }
        if (job.state() == JobState.BLOCKED) {
            events.add(new Event(detail.blockedUntil(), "Blocked until",
                    "waiting for a slot of " + detail.concurrencyKey(), "blocked"));
        }
        if (job.state() == JobState.CLAIMED && job.startedAt() != null) {
            events.add(new Event(job.startedAt(), "Claimed",
                    job.workerNames().isEmpty() ? "by a process no longer registered" : "by " + String.join(", ", job.workerNames()),
                    "claimed"));
        }
        for (TaskError error : job.errors()) {
            events.add(new Event(error.failedAt(), "Failed", error.exceptionClass() + " (attempt " + job.attempts() + ")",
                    "failed"));
        }
        if (detail.retryAt() != null) {
            events.add(new Event(detail.retryAt(), "Retry scheduled", "", "retry"));
        }
        if (job.state() == JobState.FINISHED && job.finishedAt() != null) {
            events.add(new Event(job.finishedAt(), "Finished",
                    job.attempts() > 1 ? "after " + job.attempts() + " attempts" : "", "finished"));
        }
        events.sort(Comparator.comparing(Event::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return events;
    }

    private Component timeline(JobDetail detail) {
        OrderedList list = new OrderedList();
        list.addClassName("timeline");
        Instant now = Instant.now();
        for (Event event : events(detail)) {
            Span when = new Span(Times.format(event.at()));
            when.addClassName("timeline-time");
            when.setTitle(Times.relative(event.at(), now));
            Span what = new Span(event.what());
            what.addClassName("timeline-what");
            Span more = new Span(event.detail());
            more.addClassName("timeline-detail");
            ListItem item = new ListItem(when, what, more);
            item.addClassNames("timeline-event", "timeline-" + event.kind());
            list.add(item);
        }
        Paragraph note = new Paragraph("The engine keeps the current state only: earlier attempts and the worker of a "
                + "finished job are not recorded.");
        note.addClassName("timeline-note");
        return new Div(list, note);
    }

    // ------------------------------------------------------------------ error

    private static Component errors(List<TaskError> errors) {
        Div box = new Div();
        box.addClassName("job-errors");
        for (TaskError error : errors) {
            Span exception = new Span(error.exceptionClass());
            exception.addClassName("exception-class");
            Pre message = new Pre(error.message() == null ? "" : error.message());
            message.addClassName("exception-message");
            Pre trace = new Pre(error.stackTrace() == null ? "" : error.stackTrace());
            trace.addClassName("stack-trace");
            Details details = new Details("Stack trace", trace);
            details.setOpened(true);
            details.addClassName("stack-trace-details");
            box.add(exception, message, details);
        }
        return box;
    }

    // ------------------------------------------------------------------ actions

    private Component actionBar(TaskResult job) {
        HorizontalLayout bar = new HorizontalLayout();
        bar.addClassName("job-actions");
        String queue = job.queueName();
        switch (job.state()) {
            case FAILED -> {
                bar.add(action("Retry", VaadinIcon.ROTATE_LEFT, "retry-job", ButtonVariant.PRIMARY,
                        () -> actions.retry(backend, queue, List.of(id))));
                bar.add(confirmed("Discard", VaadinIcon.TRASH, "discard-job", job.state(), queue));
            }
            case SCHEDULED -> {
                bar.add(action("Run now", VaadinIcon.PLAY, "run-now", ButtonVariant.PRIMARY, () -> actions.runNow(backend, id)));
                bar.add(confirmed("Discard", VaadinIcon.TRASH, "discard-job", job.state(), queue));
            }
            case READY, BLOCKED -> bar.add(confirmed("Discard", VaadinIcon.TRASH, "discard-job", job.state(), queue));
            default -> {
            }
        }
        Button copy = action("Enqueue copy", VaadinIcon.COPY, "enqueue-copy", ButtonVariant.TERTIARY,
                () -> actions.enqueueCopy(backend, id));
        copy.setTooltipText("A new job with the same task and arguments, at this job's run time");
        bar.add(copy);
        if (job.state() == JobState.SCHEDULED) {
            Button now = action("Enqueue copy now", VaadinIcon.COPY_O, "enqueue-copy-now", ButtonVariant.TERTIARY,
                    () -> actions.enqueueCopyNow(backend, id));
            now.setTooltipText("A new job with the same task and arguments, ready now; this one stays scheduled");
            bar.add(now);
        }
        return bar;
    }

    private Button action(String text, VaadinIcon icon, String className, ButtonVariant variant,
                          Supplier<ActionResult> work) {
        Button button = new Button(text, icon.create(), click -> after(Notifications.run(work)));
        button.addClassNames("job-action", className);
        button.addThemeVariants(variant);
        return button;
    }

    private Button confirmed(String text, VaadinIcon icon, String className, JobState state, String queue) {
        Button button = new Button(text, icon.create(), click -> ConfirmAction.open("Discard this " + state.label() + " job?",
                "Job " + id + " (" + state.label() + ", queue " + queue + ") will be deleted. This cannot be undone.",
                "Discard", () -> after(Notifications.run(() -> actions.discard(backend, queue, state, List.of(id))))));
        button.addClassNames("job-action", className);
        button.addThemeVariants(ButtonVariant.ERROR);
        return button;
    }

    /** Re-reads the job; after "enqueue copy" offers a link to the new job. */
    private void after(Optional<ActionResult> result) {
        render();
        result.ifPresent(r -> {
            Matcher copy = UUID_TEXT.matcher(r.message());
            if (r.message().startsWith("enqueued copy") && copy.find()) {
                Anchor link = new Anchor(Links.job(backend, UUID.fromString(copy.group())), "Open the copy " + copy.group());
                link.addClassName("copy-link");
                content.addComponentAtIndex(Math.min(2, content.getComponentCount()), link);
            }
        });
    }
}
