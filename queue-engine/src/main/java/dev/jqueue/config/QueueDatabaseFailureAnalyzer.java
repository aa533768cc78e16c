package dev.jqueue.config;

import dev.jqueue.sql.DatabaseOutage;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start-up (of {@code jqueue}, {@code jqueue:health} or the application) that failed because
 * the queue database is unreachable says so in one line, {@code unhealthy: queue database
 * unreachable (…)}, instead of a wall of bean-creation errors; the JVM exits 1.
 */
public class QueueDatabaseFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        if (DatabaseOutage.classify(failure) != DatabaseOutage.Kind.UNAVAILABLE) {
            return null;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new FailureAnalysis("unhealthy: queue database unreachable (" + root + ")",
                "Start the database, or correct the DataSource settings (spring.datasource.url, or the DataSource named by "
                        + "jqueue.backends.<alias>.database).", failure);
    }
}
