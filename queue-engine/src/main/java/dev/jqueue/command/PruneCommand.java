package dev.jqueue.command;

import dev.jqueue.backend.Backends;
import dev.jqueue.config.CommandLineSyntax;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.retention.Retention;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;

/**
 * {@code jqueue:prune [--backend=A] [--older-than=S] [--failed-older-than=S]
 * [--recurring-older-than=S] [--task-path=P] [--task-key=K] [--batch-size=500]}: one batch of
 * each cleanup. A missing window means the backend's configured value
 * ({@code clear-finished-jobs-after}, {@code clear-failed-jobs-after},
 * {@code clear-recurring-executions-after}); an unset one skips that cleanup.
 */
public final class PruneCommand {

    public static final String NAME = "jqueue:prune";
    static final CommandLineSyntax SYNTAX = new CommandLineSyntax(NAME, Map.of("backend", CommandLineSyntax.Arity.VALUE,
            "older-than", CommandLineSyntax.Arity.VALUE, "failed-older-than", CommandLineSyntax.Arity.VALUE,
            "recurring-older-than", CommandLineSyntax.Arity.VALUE, "task-path", CommandLineSyntax.Arity.VALUE,
            "task-key", CommandLineSyntax.Arity.VALUE, "batch-size", CommandLineSyntax.Arity.VALUE));

    private PruneCommand() {
    }

    public static int run(Backends backends, ApplicationArguments arguments, PrintStream out, PrintStream err) {
        CommandOptions options = new CommandOptions(SYNTAX, arguments);
        String alias = options.backendAlias(backends);
        BackendProperties properties = backends.properties(alias);
        Duration finishedAfter = orElse(options.seconds("older-than"), properties.clearFinishedJobsAfter());
        Duration failedAfter = orElse(options.seconds("failed-older-than"), properties.clearFailedJobsAfter());
        Duration recurringAfter = orElse(options.seconds("recurring-older-than"), properties.clearRecurringExecutionsAfter());
        int batchSize = options.positiveInt("batch-size", Retention.DEFAULT_BATCH_SIZE);
        String taskPath = options.string("task-path");
        String taskKey = options.string("task-key");

        Retention retention = new Retention(backends.get(alias));
        int finished = finishedAfter == null ? 0 : retention.clearFinishedJobs(finishedAfter, taskPath, batchSize);
        int failed = failedAfter == null ? 0 : retention.clearFailedJobs(failedAfter, taskPath, batchSize);
        int recurring = recurringAfter == null ? 0 : retention.clearRecurringExecutions(recurringAfter, taskKey, batchSize);
        out.println("deleted " + finished + " finished jobs, " + failed + " failed jobs, and " + recurring
                + " recurring executions");
        if (new Retention.Result(finished, failed, recurring).batchLimitReached(batchSize)) {
            out.println("batch limit reached; run " + NAME + " again to check for more");
        }
        return 0;
    }

    private static Duration orElse(Duration given, Duration configured) {
        return given != null ? given : configured;
    }
}
