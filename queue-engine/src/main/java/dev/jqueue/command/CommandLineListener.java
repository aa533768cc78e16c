package dev.jqueue.command;

import dev.jqueue.config.CommandLineSyntax;
import dev.jqueue.config.JQueueCommandLine;
import dev.jqueue.runtime.LaunchArguments;
import java.util.List;
import java.util.Map;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * Reads a {@code jqueue} or {@code jqueue:*} command line before anything else sees it. It is a
 * run listener, not an environment post-processor, because only run listeners get the raw
 * arguments, and {@code --backend reports} cannot be told apart from {@code --backend} plus a
 * stray {@code reports} once Spring has parsed them. The line is checked against the command's
 * {@link CommandLineSyntax} (an unknown option or stray word stops the start with its name) and
 * Spring's command-line property source is replaced by the same line written as
 * {@code --name=value}, so every later reader agrees. Other command lines are left alone.
 */
public final class CommandLineListener implements SpringApplicationRunListener, Ordered {

    /** Every jqueue command line, by its command word. */
    static final Map<String, CommandLineSyntax> SYNTAXES = Map.of(
            JQueueCommandLine.COMMAND, JQueueCommandLine.SYNTAX,
            HealthCommand.NAME, HealthCommand.SYNTAX,
            PruneCommand.NAME, PruneCommand.SYNTAX,
            AutovacuumCommand.NAME, AutovacuumCommand.SYNTAX);

    private final String[] args;

    public CommandLineListener(SpringApplication application, String[] args) {
        this.args = args.clone();
        LaunchArguments.remember(args); // a fork supervisor starts its children with the same words
    }

    @Override
    public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
        normalize(environment, args);
    }

    /** Checks a jqueue command line and rewrites Spring's view of it; returns the parsed line, or null for other lines. */
    public static CommandLineSyntax.Parsed normalize(ConfigurableEnvironment environment, String[] args) {
        CommandLineSyntax.Parsed parsed = parse(args);
        if (parsed == null) {
            return null;
        }
        var sources = environment.getPropertySources();
        String name = CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME;
        SimpleCommandLinePropertySource rewritten = new SimpleCommandLinePropertySource(parsed.normalized().toArray(String[]::new));
        if (sources.contains(name)) {
            sources.replace(name, rewritten);
        } else {
            sources.addFirst(rewritten);
        }
        return parsed;
    }

    /** The parsed line when its command word is a jqueue command (an unknown {@code jqueue:x} is left to the runner); else null. */
    static CommandLineSyntax.Parsed parse(String[] args) {
        String word = CommandLineSyntax.commandWord(args, List.copyOf(SYNTAXES.values()));
        CommandLineSyntax syntax = word == null ? null : SYNTAXES.get(word);
        return syntax == null ? null : syntax.parse(args);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before the listener that runs the environment post-processors
    }
}
