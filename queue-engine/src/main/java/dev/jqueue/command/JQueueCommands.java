package dev.jqueue.command;

import dev.jqueue.backend.Backends;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Recognizes {@code java -jar app.jar jqueue:health|jqueue:prune|jqueue:postgres-autovacuum …}
 * (the first non-option argument) and prepares the environment for a one-shot command: no web
 * server, no embedded supervisor, no banner or start-up line. {@link JQueueCommandRunner} then
 * runs the command and exits with its status.
 */
public class JQueueCommands implements EnvironmentPostProcessor, Ordered {

    /** The property naming the command to run (set by this post-processor only). */
    public static final String COMMAND_PROPERTY = "jqueue.command";
    public static final String PREFIX = "jqueue:";
    public static final List<String> COMMANDS = List.of(HealthCommand.NAME, PruneCommand.NAME, AutovacuumCommand.NAME);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String command = command(environment);
        if (command == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(COMMAND_PROPERTY, command);
        properties.put("spring.main.web-application-type", "none");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("jqueue.embedded.enabled", "false");
        environment.getPropertySources().addFirst(new MapPropertySource("jqueueCommand", properties));
    }

    /** The {@code jqueue:*} command named by the first non-option argument, or null. */
    static String command(ConfigurableEnvironment environment) {
        PropertySource<?> source = environment.getPropertySources()
                .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
        if (!(source instanceof CommandLinePropertySource<?> commandLine)) {
            return null;
        }
        Object nonOptions = commandLine.getProperty(CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME);
        if (nonOptions == null) {
            return null;
        }
        String first = String.valueOf(nonOptions).split(",")[0].trim();
        return first.startsWith(PREFIX) ? first : null;
    }

    /** Runs a command; returns its exit status, printing refusals to {@code err}. */
    public static int run(String command, Backends backends, ApplicationArguments arguments, PrintStream out,
                          PrintStream err) {
        try {
            return switch (command) {
                case HealthCommand.NAME -> HealthCommand.run(backends, arguments, out, err);
                case PruneCommand.NAME -> PruneCommand.run(backends, arguments, out, err);
                case AutovacuumCommand.NAME -> AutovacuumCommand.run(backends, arguments, out, err);
                default -> throw new CommandException("unknown command '" + command + "'; jqueue commands: jqueue, "
                        + String.join(", ", COMMANDS), CommandException.USAGE);
            };
        } catch (CommandException e) {
            err.println(command + ": " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println(command + ": " + e.getMessage());
            return CommandException.FAILED;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
