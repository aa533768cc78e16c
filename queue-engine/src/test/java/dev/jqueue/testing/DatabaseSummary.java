package dev.jqueue.testing;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Which database families a test run used and which it could not, printed at the end of the
 * run and written to {@code target/jqueue-test-databases.txt} (CI prints every module's file
 * last). A JUnit Platform listener, registered through {@code META-INF/services}, so every
 * module whose tests use {@link TestDatabase} (the engine's, the console's, the examples') gets it.
 */
public final class DatabaseSummary implements TestExecutionListener {

    public static final String FILE = "target/jqueue-test-databases.txt";

    private static final Map<TestDatabase, String> RAN = new ConcurrentHashMap<>();
    private static final Map<TestDatabase, String> NOT_RUN = new ConcurrentHashMap<>();
    /** Test classes skipped before they reached a database (Testcontainers without Docker), by database. */
    private static final Map<TestDatabase, List<String>> SKIPPED_CLASSES = new ConcurrentHashMap<>();
    private static final Map<String, String> SKIPPED_OTHER = new ConcurrentHashMap<>();

    static void ran(TestDatabase database, String detail) {
        RAN.put(database, detail);
    }

    static void notRun(TestDatabase database, String reason) {
        NOT_RUN.putIfAbsent(database, reason);
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        TestSource source = identifier.getSource().orElse(null);
        if (!(source instanceof ClassSource classSource)) {
            return;
        }
        TestDatabase database = databaseOf(classSource.getClassName());
        String line = classSource.getClassName().replaceFirst("^.*\\.", "") + ": " + reason;
        if (database != null) {
            NOT_RUN.putIfAbsent(database, reason);
            SKIPPED_CLASSES.computeIfAbsent(database, d -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(line);
        } else if (reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("docker")) {
            SKIPPED_OTHER.put(classSource.getClassName(), reason);
        }
    }

    /** The database a contract subclass names through its {@code database()} method, if it is one. */
    private static TestDatabase databaseOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, DatabaseSummary.class.getClassLoader());
            Method method = findDatabaseMethod(type);
            if (method == null) {
                return null;
            }
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            method.setAccessible(true);
            return (TestDatabase) method.invoke(constructor.newInstance());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Method findDatabaseMethod(Class<?> type) {
        for (Class<?> t = type; t != null && t != Object.class; t = t.getSuperclass()) {
            for (Method m : t.getDeclaredMethods()) {
                if (m.getName().equals("database") && m.getParameterCount() == 0 && m.getReturnType() == TestDatabase.class
                        && !java.lang.reflect.Modifier.isAbstract(m.getModifiers())) {
                    return m;
                }
            }
        }
        return null;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (RAN.isEmpty() && NOT_RUN.isEmpty() && SKIPPED_OTHER.isEmpty()) {
            return; // this module's tests used no database
        }
        String report = render();
        System.out.println(report);
        try {
            Path file = Path.of(FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, report + System.lineSeparator());
        } catch (IOException e) {
            System.out.println("[jqueue tests] could not write " + FILE + ": " + e.getMessage());
        }
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
