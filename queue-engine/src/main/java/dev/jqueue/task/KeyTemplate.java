package dev.jqueue.task;

import dev.jqueue.EnqueueError;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key template over a task's parameter names ({@code "account:{accountId}"}), as concurrency
 * limits and unique jobs declare them, filled in with one call's arguments.
 */
public final class KeyTemplate {

    private KeyTemplate() {
    }

    /**
     * Replaces each {@code {name}} with the argument bound to the parameter of that name; a
     * placeholder naming no parameter fails with {@code could not resolve <keyName>}.
     */
    public static String format(String template, TaskDefinition task, List<Object> args, String keyName) {
        Map<String, Object> bound = new HashMap<>();
        List<Parameter> parameters = task.argumentParameters();
        for (int i = 0; i < parameters.size() && i < args.size(); i++) {
            bound.put(parameters.get(i).getName(), args.get(i));
        }
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new EnqueueError("could not resolve " + keyName);
                }
                String name = template.substring(i + 1, end).trim();
                if (!bound.containsKey(name)) {
                    throw new EnqueueError("could not resolve " + keyName);
                }
                key.append(bound.get(name));
                i = end + 1;
            } else {
                key.append(c);
                i++;
            }
        }
        return key.toString();
    }
}
