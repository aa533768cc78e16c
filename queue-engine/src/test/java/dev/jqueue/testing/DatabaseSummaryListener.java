package dev.jqueue.testing;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the {@link DatabaseSummary} at the end of a test run and writes it to
 * {@code target/jqueue-test-databases.txt} (CI prints every module's file last). A JUnit
 * Platform listener registered through {@code META-INF/services}, so every module whose tests
 * use {@link TestDatabase} (the engine's, the console's, the examples') gets it. Test classes
 * skipped before they reach a database (MySQL without Docker) are attributed to the database
 * their {@code database()} method names.
 */
public final class DatabaseSummaryListener implements TestExecutionListener {

    public static final String FILE = "target/jqueue-test-databases.txt";

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        TestSource source = identifier.getSource().orElse(null);
        if (!(source instanceof ClassSource classSource)) {
            return;
        }
        DatabaseSummary.skippedClass(databaseOf(classSource.getClassName()), classSource.getClassName(), reason);
    }

    /** The database a contract subclass names through its {@code database()} method, if it is one. */
    private static TestDatabase databaseOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, DatabaseSummaryListener.class.getClassLoader());
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
        if (DatabaseSummary.empty()) {
            return; // this module's tests used no database
        }
        String report = DatabaseSummary.render();
        System.out.println(report);
        try {
            Path file = Path.of(FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, report + System.lineSeparator());
        } catch (IOException e) {
            System.out.println("[jqueue tests] could not write " + FILE + ": " + e.getMessage());
        }
    }
}
