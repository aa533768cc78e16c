package dev.jqueue.console.recurring;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.jqueue.backend.Backend;
import dev.jqueue.console.actions.ActionRefused;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.recurring.RecurringTask;
import dev.jqueue.recurring.SchedulePreview;
import dev.jqueue.task.TaskDefinition;
import dev.jqueue.console.ui.Notifications;
import dev.jqueue.console.ui.Times;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Creates or edits a dynamic recurring task (ADMIN). The schedule is checked as it is typed,
 * showing its plain-English meaning and next five fire times; the arguments are checked as JSON
 * and against the chosen task's parameters before anything is saved. Errors are the engine's
 * own words. Saving goes through {@link ConsoleActions#scheduleRecurring}, which authorizes and
 * audits it.
 */
class RecurringEditor extends Dialog {

    static final int PREVIEW_RUNS = 5;

    private final Backend backend;
    private final ConsoleActions actions;
    private final Consumer<String> onSaved;
    private final Map<String, TaskDefinition> tasks;

    final TextField key = new TextField("Key");
    final ComboBox<String> task = new ComboBox<>("Task");
    final TextField schedule = new TextField("Schedule");
    final TextField queue = new TextField("Queue");
    final IntegerField priority = new IntegerField("Priority");
    final TextArea arguments = new TextArea("Arguments (JSON array)");
    final TextField description = new TextField("Description");
    private final Div schedulePreview = new Div();
    private final Span formError = new Span();
    private boolean queueTouched;

    RecurringEditor(Backend backend, ConsoleActions actions, RecurringTask existing, Consumer<String> onSaved) {
        this.backend = backend;
        this.actions = actions;
        this.onSaved = onSaved;
        this.tasks = backend.context().tasks.all().stream()
                .collect(Collectors.toMap(TaskDefinition::path, t -> t, (a, b) -> a, java.util.TreeMap::new));
        addClassName("recurring-editor");
        setHeaderTitle(existing == null ? "New dynamic recurring task" : "Edit recurring task " + existing.key());
        setWidth("44rem");

        key.setRequired(true);
        key.setMaxLength(255);
        key.setWidthFull();
        key.setHelperText("Unique on this backend");

        task.setItems(tasks.keySet());
        task.setRequired(true);
        task.setWidthFull();
        task.setHelperText("One of the tasks registered in this application");
        task.addValueChangeListener(change -> {
            task.setHelperText(change.getValue() == null ? "One of the tasks registered in this application"
                    : signature(tasks.get(change.getValue())));
            if (change.getValue() != null && (!queueTouched || queue.getValue().isBlank())) {
                queue.setValue(tasks.get(change.getValue()).defaultQueue());
            }
            checkArguments();
        });

        schedule.setRequired(true);
        schedule.setWidthFull();
        schedule.setManualValidation(true);
        schedule.setPlaceholder("*/5 * * * *");
        schedule.setHelperText("Cron: 5 fields (or 6 with seconds), @hourly/@daily…, optional time zone");
        schedule.setValueChangeMode(ValueChangeMode.LAZY);
        schedule.setValueChangeTimeout(250);
        schedule.addValueChangeListener(change -> checkSchedule());
        schedulePreview.addClassName("schedule-preview");
        schedulePreview.setWidthFull();
        schedulePreview.getStyle().set("background", "var(--lumo-contrast-5pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("font-size", "var(--lumo-font-size-s)")
                .set("box-sizing", "border-box");

        queue.setWidthFull();
        queue.setValue("default");
        queue.setHelperText("Follows the task's default queue until you change it");
        queue.addValueChangeListener(change -> queueTouched |= change.isFromClient());
        priority.setMin(-100);
        priority.setMax(100);
        priority.setStepButtonsVisible(true);
        priority.setValue(0);
        priority.setHelperText("-100 to 100, higher runs first");

        arguments.setWidthFull();
        arguments.setManualValidation(true);
        arguments.setValue("[]");
        arguments.setHelperText("A JSON array with one value per task parameter, e.g. [\"daily\", 3]");
        arguments.setValueChangeMode(ValueChangeMode.LAZY);
        arguments.setValueChangeTimeout(300);
        arguments.addValueChangeListener(change -> checkArguments());
        arguments.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");

        description.setWidthFull();
        formError.addClassName("recurring-form-error");
        formError.getStyle().set("color", "var(--lumo-error-text-color)");

        if (existing != null) {
            key.setValue(existing.key());
            key.setReadOnly(true);
            queueTouched = true;
            task.setValue(existing.taskPath());
            schedule.setValue(existing.schedule());
            queue.setValue(existing.queue());
            priority.setValue(existing.priority());
            arguments.setValue(backend.context().codec.mapper().writeValueAsString(existing.args()));
            description.setValue(existing.description() == null ? "" : existing.description());
        }

        VerticalLayout form = new VerticalLayout(key, task, schedule, schedulePreview, queue, priority, arguments,
                description, formError);
        form.setPadding(false);
        form.setSpacing(false);
        add(form);

        Button cancel = new Button("Cancel", click -> close());
        Button save = new Button("Save", click -> save());
        save.addClassName("recurring-save");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        getFooter().add(cancel, save);
        checkSchedule();
    }

    private static String signature(TaskDefinition task) {
        if (task == null) {
            return "";
        }
        List<Parameter> parameters = task.argumentParameters();
        return "Parameters: (" + parameters.stream()
                .map(p -> p.getType().getSimpleName() + " " + p.getName()).collect(Collectors.joining(", "))
                + ") · default queue " + task.defaultQueue();
    }

    /** Shows what the schedule means, or the engine's error; true when valid. */
    boolean checkSchedule() {
        schedulePreview.removeAll();
        schedulePreview.setVisible(false);
        String text = schedule.getValue();
        if (text == null || text.isBlank()) {
            schedule.setInvalid(false);
            return false;
        }
        try {
            SchedulePreview preview = backend.recurring().preview(text, PREVIEW_RUNS);
            schedule.setInvalid(false);
            Span meaning = new Span(capitalized(preview.description()));
            meaning.addClassName("schedule-description");
            meaning.getStyle().set("font-weight", "600");
            Span zone = new Span(" · fields read in " + ("Z".equals(preview.zone()) ? "UTC" : preview.zone()));
            zone.getStyle().set("color", "var(--lumo-secondary-text-color)");
            Span next = new Span("Next " + preview.nextRuns().size() + " runs:");
            next.getStyle().set("display", "block").set("color", "var(--lumo-secondary-text-color)");
            UnorderedList runs = new UnorderedList();
            runs.addClassName("schedule-next-runs");
            runs.getStyle().set("margin", "0").set("padding-inline-start", "1.25rem")
                    .set("columns", "2").set("font-variant-numeric", "tabular-nums");
            preview.nextRuns().forEach(at -> runs.add(new ListItem(Times.format(at))));
            schedulePreview.add(meaning, zone, next, runs);
            schedulePreview.setVisible(true);
            return true;
        } catch (RuntimeException e) {
            schedule.setErrorMessage(e.getMessage());
            schedule.setInvalid(true);
            return false;
        }
    }

    /** Parses the arguments and checks them against the chosen task; true when they would be accepted. */
    boolean checkArguments() {
        try {
            List<Object> args = parsedArguments();
            TaskDefinition definition = task.getValue() == null ? null : tasks.get(task.getValue());
            if (definition != null) {
                backend.context().codec.encode(definition, args);
            }
            arguments.setInvalid(false);
            return true;
        } catch (RuntimeException e) {
            arguments.setErrorMessage(e.getMessage());
            arguments.setInvalid(true);
            return false;
        }
    }

    private List<Object> parsedArguments() {
        return backend.context().codec.parseArgumentsJson(arguments.getValue());
    }

    private void save() {
        formError.setText("");
        boolean scheduleOk = checkSchedule();
        boolean argumentsOk = checkArguments();
        if (key.getValue().isBlank()) {
            key.setErrorMessage("key must be a non-empty string");
            key.setInvalid(true);
        }
        if (task.getValue() == null) {
            task.setErrorMessage("choose a task");
            task.setInvalid(true);
        }
        if (schedule.getValue().isBlank()) {
            schedule.setErrorMessage("schedule must be a non-empty string");
            schedule.setInvalid(true);
        }
        if (!scheduleOk || !argumentsOk || key.getValue().isBlank() || task.getValue() == null) {
            formError.setText("Fix the marked fields before saving.");
            return;
        }
        String savedKey = key.getValue().trim();
        try {
            ActionResult result = actions.scheduleRecurring(backend.backend(), savedKey, task.getValue(),
                    schedule.getValue().trim(), parsedArguments(), queue.getValue().isBlank() ? null : queue.getValue().trim(),
                    Optional.ofNullable(priority.getValue()).orElse(0), description.getValue());
            Notifications.success(capitalized(result.message()));
            close();
            onSaved.accept(savedKey);
        } catch (ActionRefused refused) {
            formError.setText("Not allowed: " + refused.getMessage());
        } catch (RuntimeException e) {
            // The engine's own validation message, e.g. "priority must be an integer from -100 to 100".
            formError.setText(e.getMessage());
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
