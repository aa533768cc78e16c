package dev.jqueue.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused jqueue command line into Spring Boot's short start-up report instead of a stack trace. */
public class CommandLineFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCommandLineException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidCommandLineException cause) {
        return new FailureAnalysis("jqueue command line refused: " + cause.getMessage(),
                "Fix the command line; options are written --name=value or --name value (docs/operations.md).", cause);
    }
}
