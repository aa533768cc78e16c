package dev.jqueue.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A worker's ordered queue list: exact names, {@code prefix*} patterns and {@code *}.
 * Selector order beats priority: {@code [alpha, mail*, *]} drains alpha, then queues starting
 * with "mail", then everything else. Entries after {@code *} can never match first, so they
 * are dropped.
 */
public record QueueSelector(List<Entry> entries) {

    /** One selector entry. */
    public record Entry(Kind kind, String value) {
        public boolean matches(String queue) {
            return switch (kind) {
                case ALL -> true;
                case EXACT -> value.equals(queue);
                case PREFIX -> queue.startsWith(value);
            };
        }

        @Override
        public String toString() {
            return switch (kind) {
                case ALL -> "*";
                case EXACT -> value;
                case PREFIX -> value + "*";
            };
        }
    }

    public enum Kind { EXACT, PREFIX, ALL }

    public static final QueueSelector ALL = new QueueSelector(List.of(new Entry(Kind.ALL, "*")));

    public static QueueSelector parse(Collection<String> queues) {
        if (queues == null || queues.isEmpty()) {
            return ALL;
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : queues) {
            String name = raw == null ? "" : raw.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("queue selector entries must be non-empty");
            }
            if (name.equals("*")) {
                entries.add(new Entry(Kind.ALL, "*"));
                break;
            }
            Entry entry = name.endsWith("*")
                    ? new Entry(Kind.PREFIX, name.substring(0, name.length() - 1))
                    : new Entry(Kind.EXACT, name);
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return new QueueSelector(List.copyOf(entries));
    }

    public boolean matches(String queue) {
        for (Entry entry : entries) {
            if (entry.matches(queue)) {
                return true;
            }
        }
        return false;
    }

    /** Escapes a LIKE prefix for {@code ESCAPE '!'}. */
    public static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
