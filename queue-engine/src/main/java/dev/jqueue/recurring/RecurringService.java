package dev.jqueue.recurring;

import dev.jqueue.EnqueueError;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.RecurringTasks;
import dev.jqueue.backend.Backend;
import dev.jqueue.config.RecurringTaskProperties;
import dev.jqueue.config.SchedulerProperties;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.state.Job;
import dev.jqueue.task.ArgumentCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recurring tasks of one backend: the {@link RecurringTasks} API, validation, the static
 * configuration ({@link #configure}), the static sync ({@link #staticSync()}) and the firing
 * ({@link #firing()}) the {@link Scheduler} runs.
 *
 * <p>Created with its backend before the backend is fully built, so everything here reaches the
 * backend lazily.
 */
public final class RecurringService implements RecurringTasks {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    static final int MAX_KEY = 255;

    private final Backend backend;
    private volatile RecurringTaskStore store;
    private volatile RecurringFiring firing;
    private volatile SchedulerProperties scheduler = SchedulerProperties.defaults();
    private volatile Map<String, RecurringTaskProperties> staticTasks = Map.of();

    public RecurringService(Backend backend) {
        this.backend = backend;
    }

    /** Tells this backend its scheduler settings and static tasks (from {@code jqueue.backends.<alias>.*}). */
    public void configure(SchedulerProperties schedulerProperties, Map<String, RecurringTaskProperties> recurring) {
        this.scheduler = schedulerProperties == null ? SchedulerProperties.defaults() : schedulerProperties;
        this.staticTasks = recurring == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recurring));
    }

    public SchedulerProperties schedulerProperties() {
        return scheduler;
    }

    /** The configured static tasks by key. */
    public Map<String, RecurringTaskProperties> staticTasks() {
        return staticTasks;
    }

    BackendContext context() {
        return backend.context();
    }

    Backend backend() {
        return backend;
    }

    public RecurringTaskStore store() {
        RecurringTaskStore current = store;
        if (current == null) {
            current = new RecurringTaskStore(context().db, context().alias);
            store = current;
        }
        return current;
    }

    /** Reserving and publishing ticks. */
    public RecurringFiring firing() {
        RecurringFiring current = firing;
        if (current == null) {
            current = new RecurringFiring(this);
            firing = current;
        }
        return current;
    }

    /** Synchronizes the configured static tasks into the table. */
    public StaticTaskSync staticSync() {
        return new StaticTaskSync(this);
    }

    @Override
    public boolean dynamicTasksEnabled() {
        return scheduler.dynamicTasksEnabled();
    }

    // ------------------------------------------------------------------ API

    @Override
    public RecurringTask schedule(String key, String taskPath, String schedule, List<Object> args, String queue,
                                  int priority, String description) {
        RecurringTaskStore.Definition definition = validate(key, taskPath, schedule, args,
                queue == null ? "default" : queue, priority, description == null ? "" : description, false);
        if (staticTasks.containsKey(key)) {
            throw new EnqueueError(alreadyStatic(key));
        }
        BackendContext context = context();
        Instant now = context.now();
        context.db.inTransaction(connection -> {
            RecurringTaskStore tasks = store();
            List<RecurringTaskStore.TaskRow> existing = tasks.lockForChange(connection, List.of(key), false);
            if (existing.isEmpty()) {
                if (tasks.insert(connection, definition, false, now)) {
                    return null;
                }
                existing = tasks.lockForChange(connection, List.of(key), false);
            }
            RecurringTaskStore.TaskRow row = existing.getFirst();
            if (row.isStatic()) {
                throw new EnqueueError(alreadyStatic(key));
            }
            if (!sameDefinition(row, definition)) {
                tasks.update(connection, row.id(), definition, !row.schedule().equals(definition.schedule()), now);
            }
            return null;
        });
        log.atInfo().addKeyValue("event", "recurring.scheduled").addKeyValue("backend", context.alias)
                .addKeyValue("task_key", key).addKeyValue("schedule", definition.schedule()).log("recurring.scheduled");
        return find(key).orElseThrow();
    }

    @Override
    public int unschedule(String key) {
        BackendContext context = context();
        int deleted = context.db.inTransaction(connection -> store().deleteDynamic(connection, key));
        if (deleted == 0) {
            log.atInfo().addKeyValue("event", "recurring.unschedule_skipped").addKeyValue("backend", context.alias)
                    .addKeyValue("task_key", key)
                    .log("recurring task '{}' was not unscheduled: it is static (remove it from configuration) or unknown", key);
        } else {
            log.atInfo().addKeyValue("event", "recurring.unscheduled").addKeyValue("backend", context.alias)
                    .addKeyValue("task_key", key).log("recurring.unscheduled");
        }
        return deleted;
    }

    @Override
    public List<RecurringTask> list() {
        BackendContext context = context();
        Instant now = context.now();
        List<RecurringTaskStore.TaskRow> rows = context.db.read(connection -> store().all(connection));
        List<RecurringTask> tasks = new ArrayList<>(rows.size());
        for (RecurringTaskStore.TaskRow row : rows) {
            tasks.add(view(row, now));
        }
        return tasks;
    }

    @Override
    public Optional<RecurringTask> find(String key) {
        BackendContext context = context();
        Instant now = context.now();
        return context.db.read(connection -> store().find(connection, key)).map(row -> view(row, now));
    }

    @Override
    public SchedulePreview preview(String schedule, int count) {
        if (schedule == null || schedule.isBlank()) {
            throw new EnqueueError(CronSchedule.INVALID);
        }
        CronSchedule cron = CronSchedule.parse(schedule);
        int n = Math.max(0, Math.min(count, 1000));
        return new SchedulePreview(cron.expression(), cron.describe(), cron.zone().getId(),
                cron.nextTimes(context().now(), n));
    }

    private RecurringTask view(RecurringTaskStore.TaskRow row, Instant now) {
        Instant next = row.nextRunAt();
        if (next == null && CronSchedule.isValid(row.schedule())) {
            next = CronSchedule.parse(row.schedule()).next(now).orElse(null);
        }
        List<Object> args;
        try {
            args = row.payload() == null ? List.of() : context().codec.storedArguments(row.payload());
        } catch (RuntimeException e) {
            args = List.of();
        }
        return new RecurringTask(context().alias, row.key(), row.taskPath(), args, row.schedule(), row.queue(),
                row.priority(), row.description(), row.isStatic(), next, row.lastRunAt(), row.createdAt(),
                row.updatedAt());
    }

    // ------------------------------------------------------------------ validation

    /**
     * Validates a task definition the way dj_queue does (field strings first, then the cron
     * expression, then what an enqueue of it would check: task, queue allow-list, priority,
     * arguments) and returns it with its encoded payload.
     */
    RecurringTaskStore.Definition validate(String key, String taskPath, String schedule, List<Object> args,
                                           String queue, int priority, String description, boolean fromConfiguration) {
        requireString(key, "key");
        if (key.length() > MAX_KEY) {
            throw new EnqueueError("key must be at most " + MAX_KEY + " characters");
        }
        if (description == null) {
            throw new EnqueueError("description must be a string");
        }
        requireString(taskPath, "task_path");
        if (taskPath.length() > MAX_KEY) {
            throw new EnqueueError("task_path must be at most " + MAX_KEY + " characters");
        }
        requireString(queue, "queue_name");
        requireString(schedule, "schedule");
        CronSchedule cron = CronSchedule.parse(schedule);
        BackendContext context = context();
        List<Object> arguments = args == null ? List.of() : args;
        if (fromConfiguration) {
            arguments = coerce(taskPath, arguments);
        }
        Job job = backend.enqueue.prepare(new EnqueueRequest(taskPath, arguments,
                EnqueueOptions.onQueue(queue).priority(priority)), context.now());
        return new RecurringTaskStore.Definition(key, taskPath, job.payload(), cron.expression(), queue, priority,
                description);
    }

    /**
     * dj_queue's recurring {@code kwargs}: the values of the task method's parameters by name,
     * placed after the positional {@code args}. Every remaining parameter needs a value, and a
     * name that is not a remaining parameter is refused, so a typo cannot shift arguments.
     */
    List<Object> withKeywordArguments(String taskPath, List<Object> args, Map<String, Object> kwargs) {
        if (kwargs == null || kwargs.isEmpty()) {
            return args;
        }
        var task = taskPath == null ? java.util.Optional.<dev.jqueue.task.TaskDefinition>empty() : context().tasks.find(taskPath);
        if (task.isEmpty()) {
            throw new EnqueueError("kwargs need a registered task to name its parameters; '" + taskPath + "' is not registered");
        }
        List<java.lang.reflect.Parameter> parameters = task.get().argumentParameters();
        List<String> names = parameters.stream().map(java.lang.reflect.Parameter::getName).toList();
        if (!parameters.isEmpty() && !parameters.getFirst().isNamePresent()) {
            throw new EnqueueError("kwargs need the parameter names of " + taskPath + "; compile it with -parameters");
        }
        List<Object> positional = args == null ? List.of() : args;
        for (String name : kwargs.keySet()) {
            int index = names.indexOf(name);
            if (index < 0) {
                throw new EnqueueError("kwargs names '" + name + "', which is not a parameter of " + taskPath
                        + " (parameters: " + String.join(", ", names) + ")");
            }
            if (index < positional.size()) {
                throw new EnqueueError("'" + name + "' is given in both args and kwargs");
            }
        }
        List<Object> merged = new ArrayList<>(positional);
        for (int i = positional.size(); i < names.size(); i++) {
            if (!kwargs.containsKey(names.get(i))) {
                throw new EnqueueError("no value for parameter '" + names.get(i) + "' of " + taskPath + " in args or kwargs");
            }
            merged.add(kwargs.get(names.get(i)));
        }
        return merged;
    }

    /**
     * Configuration values are text ({@code args[0]=42} in a properties file): convert each one
     * to its parameter's declared type before the strict round-trip check.
     */
    private List<Object> coerce(String taskPath, List<Object> args) {
        var task = context().tasks.find(taskPath);
        if (task.isEmpty() || task.get().argumentTypes().size() != args.size()) {
            return args;
        }
        var mapper = context().codec.mapper();
        List<Object> converted = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            Object value = args.get(i);
            try {
                converted.add(value == null ? null
                        : mapper.convertValue(value, mapper.getTypeFactory().constructType(task.get().argumentTypes().get(i))));
            } catch (RuntimeException e) {
                converted.add(value); // the round-trip check names the argument
            }
        }
        return converted;
    }

    private static void requireString(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new EnqueueError(name + " must be a non-empty string");
        }
    }

    static String alreadyStatic(String key) {
        return "recurring task key '" + key + "' is already managed statically";
    }

    /** Same definition as stored? Payloads compare as JSON (PostgreSQL normalizes jsonb text). */
    boolean sameDefinition(RecurringTaskStore.TaskRow row, RecurringTaskStore.Definition definition) {
        return row.taskPath().equals(definition.taskPath()) && row.schedule().equals(definition.schedule())
                && row.queue().equals(definition.queue()) && row.priority() == definition.priority()
                && row.description().equals(definition.description()) && sameJson(row.payload(), definition.payload());
    }

    boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        var mapper = context().codec.mapper();
        try {
            return ArgumentCodec.sameJson(mapper.readTree(a), mapper.readTree(b));
        } catch (RuntimeException e) {
            return a.equals(b);
        }
    }
}
