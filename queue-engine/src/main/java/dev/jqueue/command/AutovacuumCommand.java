package dev.jqueue.command;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.CommandLineSyntax;
import dev.jqueue.state.Tables;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;

/**
 * {@code jqueue:postgres-autovacuum [--backend=A]}: prints, and does not apply, per-table
 * autovacuum settings for the queue's hot tables (jobs, the five execution tables and the
 * recurring reservations), so that a DBA can review them and run them with {@code psql}.
 */
public final class AutovacuumCommand {

    public static final String NAME = "jqueue:postgres-autovacuum";
    static final CommandLineSyntax SYNTAX = new CommandLineSyntax(NAME, Map.of("backend", CommandLineSyntax.Arity.VALUE));
    static final String SETTINGS = "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50, "
            + "autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 50";

    private AutovacuumCommand() {
    }

    public static int run(Backends backends, ApplicationArguments arguments, PrintStream out, PrintStream err) {
        CommandOptions options = new CommandOptions(SYNTAX, arguments);
        Backend backend = options.backend(backends);
        String family = backend.context().dialect.name();
        if (!family.equals("postgresql")) {
            throw new CommandException("autovacuum settings apply to PostgreSQL only; backend '" + backend.backend()
                    + "' is on " + family);
        }
        for (String statement : statements()) {
            out.println(statement);
        }
        return 0;
    }

    public static List<String> statements() {
        List<String> tables = new ArrayList<>();
        tables.add(Tables.JOBS);
        tables.addAll(List.of(Tables.EXECUTIONS));
        tables.add(Tables.RECURRING_EXECUTIONS);
        return tables.stream().map(table -> "ALTER TABLE " + table + " SET (" + SETTINGS + ");").toList();
    }
}
