package dev.jqueue.recurring;

import dev.jqueue.EnqueueError;
import dev.jqueue.config.RecurringTaskProperties;
import dev.jqueue.operations.BackendContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code jqueue_recurring_tasks} hold exactly the configured static tasks of a backend,
 * in one transaction: configured keys are created or updated (a changed schedule clears the
 * cursor), static rows no longer configured are deleted. A configured key that exists as a
 * dynamic row stops the sync with "recurring task key 'k' is already scheduled dynamically".
 */
public final class StaticTaskSync {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    /** What a sync changed. */
    public record Result(List<String> created, List<String> updated, List<String> removed) {
        public boolean changedAnything() {
            return !created.isEmpty() || !updated.isEmpty() || !removed.isEmpty();
        }
    }

    private final RecurringService service;

    StaticTaskSync(RecurringService service) {
        this.service = service;
    }

    /** Validates every configured task (messages name the key); nothing is written. */
    public Map<String, RecurringTaskStore.Definition> validate(Map<String, RecurringTaskProperties> configured) {
        Map<String, RecurringTaskStore.Definition> desired = new LinkedHashMap<>();
        for (Map.Entry<String, RecurringTaskProperties> entry : configured.entrySet()) {
            String key = entry.getKey();
            RecurringTaskProperties task = entry.getValue();
            try {
                if (task == null) {
                    throw new EnqueueError("task_path must be a non-empty string");
                }
                List<Object> args = service.withKeywordArguments(task.taskPath(), task.args(), task.kwargs());
                desired.put(key, service.validate(key, task.taskPath(), task.schedule(), args,
                        task.queue(), task.priority(),
                        task.description() == null ? "" : task.description(), true));
            } catch (EnqueueError e) {
                throw new EnqueueError("recurring task '" + key + "': " + e.getMessage(), e);
            }
        }
        return desired;
    }

    /** Syncs the tasks the backend was configured with. */
    public Result sync() {
        return sync(service.staticTasks());
    }

    /** Syncs these tasks as the backend's complete static configuration. */
    public Result sync(Map<String, RecurringTaskProperties> configured) {
        Map<String, RecurringTaskStore.Definition> desired = validate(configured);
        BackendContext context = service.context();
        RecurringTaskStore store = service.store();
        Instant now = context.now();
        Result result = context.db.inTransaction(connection -> {
            List<String> created = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            Map<String, RecurringTaskStore.TaskRow> existing = new HashMap<>();
            for (RecurringTaskStore.TaskRow row : store.lockForChange(connection, null, true)) {
                existing.put(row.key(), row);
            }
            for (RecurringTaskStore.TaskRow row : store.lockForChange(connection, desired.keySet(), false)) {
                existing.put(row.key(), row);
            }
            for (RecurringTaskStore.Definition definition : desired.values()) {
                RecurringTaskStore.TaskRow row = existing.get(definition.key());
                if (row != null && !row.isStatic()) {
                    throw new EnqueueError(alreadyDynamic(definition.key()));
                }
                if (row == null && store.insert(connection, definition, true, now)) {
                    created.add(definition.key());
                }
            }
            Map<String, RecurringTaskStore.TaskRow> current = new HashMap<>();
            for (RecurringTaskStore.TaskRow row : store.lockForChange(connection, desired.keySet(), false)) {
                current.put(row.key(), row);
            }
            for (RecurringTaskStore.Definition definition : desired.values()) {
                RecurringTaskStore.TaskRow row = current.get(definition.key());
                if (row == null) {
                    throw new EnqueueError("recurring task key '" + definition.key() + "' could not be created");
                }
                if (!row.isStatic()) {
                    throw new EnqueueError(alreadyDynamic(definition.key()));
                }
                if (!created.contains(definition.key()) && !service.sameDefinition(row, definition)) {
                    store.update(connection, row.id(), definition, !row.schedule().equals(definition.schedule()), now);
                    updated.add(definition.key());
                }
            }
            List<Long> stale = new ArrayList<>();
            for (RecurringTaskStore.TaskRow row : existing.values()) {
                if (row.isStatic() && !desired.containsKey(row.key())) {
                    stale.add(row.id());
                    removed.add(row.key());
                }
            }
            store.deleteById(connection, stale);
            return new Result(List.copyOf(created), List.copyOf(updated), List.copyOf(removed));
        });
        if (result.changedAnything()) {
            log.atInfo().addKeyValue("event", "recurring.static_synced").addKeyValue("backend", context.alias)
                    .addKeyValue("created", result.created()).addKeyValue("updated", result.updated())
                    .addKeyValue("removed", result.removed())
                    .log("jqueue backend '{}': static recurring tasks created {}, updated {}, removed {}",
                            context.alias, result.created(), result.updated(), result.removed());
        }
        return result;
    }

    static String alreadyDynamic(String key) {
        return "recurring task key '" + key + "' is already scheduled dynamically";
    }
}
