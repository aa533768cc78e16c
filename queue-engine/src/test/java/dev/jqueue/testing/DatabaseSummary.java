package dev.jqueue.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which database families a test run used and which it could not: recorded by
 * {@link TestDatabase} (and by tests that reach a database another way), printed at the end of
 * the run by {@link DatabaseSummaryListener}.
 */
public final class DatabaseSummary {

    private static final Map<TestDatabase, String> RAN = new ConcurrentHashMap<>();
    private static final Map<TestDatabase, String> NOT_RUN = new ConcurrentHashMap<>();
    /** Test classes skipped before they reached a database (Testcontainers without Docker), by database. */
    private static final Map<TestDatabase, List<String>> SKIPPED_CLASSES = new ConcurrentHashMap<>();
    private static final Map<String, String> SKIPPED_OTHER = new ConcurrentHashMap<>();

    /** Records that {@code database} was used, and how (modules that reach it without {@link TestDatabase#dataSource()}). */
    public static void ran(TestDatabase database, String detail) {
        RAN.put(database, detail);
    }

    static void notRun(TestDatabase database, String reason) {
        NOT_RUN.putIfAbsent(database, reason);
    }

    /** A test class skipped before it reached a database (Testcontainers without Docker). */
    static void skippedClass(TestDatabase database, String className, String reason) {
        String line = className.replaceFirst("^.*\\.", "") + ": " + reason;
        if (database != null) {
            NOT_RUN.putIfAbsent(database, reason);
            SKIPPED_CLASSES.computeIfAbsent(database, d -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(line);
        } else if (reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("docker")) {
            SKIPPED_OTHER.put(className, reason);
        }
    }

    static boolean empty() {
        return RAN.isEmpty() && NOT_RUN.isEmpty() && SKIPPED_OTHER.isEmpty();
    }

    static String render() {
        String module = Path.of(System.getProperty("user.dir")).getFileName().toString();
        List<String> lines = new ArrayList<>();
        lines.add("[jqueue tests] database families in this run of " + module + ":");
        for (TestDatabase database : TestDatabase.values()) {
            String label = String.format("  %-34s ", database.label());
            if (RAN.containsKey(database)) {
                lines.add(label + "RAN      " + RAN.get(database));
            } else if (NOT_RUN.containsKey(database)) {
                List<String> classes = SKIPPED_CLASSES.getOrDefault(database, List.of());
                lines.add(label + "NOT RUN  " + NOT_RUN.get(database)
                        + (classes.isEmpty() ? "" : " (" + classes.size() + " test class(es) skipped)"));
            } else {
                lines.add(label + "-        not used by the tests selected in this run");
            }
        }
        new TreeMap<>(SKIPPED_OTHER).forEach((type, reason) -> lines.add("  skipped " + type + ": " + reason));
        return String.join(System.lineSeparator(), lines);
    }
}
