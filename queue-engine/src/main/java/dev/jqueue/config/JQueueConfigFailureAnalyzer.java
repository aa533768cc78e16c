package dev.jqueue.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused {@code jqueue.*} configuration into Spring Boot's short start-up report. */
public class JQueueConfigFailureAnalyzer
        extends AbstractFailureAnalyzer<JQueueConfigValidator.InvalidJQueueConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure,
                                      JQueueConfigValidator.InvalidJQueueConfigurationException cause) {
        return new FailureAnalysis("jqueue configuration refused:\n  " + String.join("\n  ", cause.problems()),
                "Fix or remove the named jqueue.* properties (see the jqueue configuration reference in docs/).", cause);
    }
}
