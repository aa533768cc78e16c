package dev.jqueue.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Turns {@code java -jar app.jar jqueue [--backend=A] [--mode=async] [--only-work|--only-dispatch] [--skip-recurring]}
 * into configuration: no web server, and a supervisor for that backend started with the
 * context (the same lifecycle as embedded mode, marked standalone).
 */
public class JQueueCommandLine implements EnvironmentPostProcessor, Ordered {

    public static final String COMMAND = "jqueue";
    /** The options of {@code jqueue}; {@code --jqueue-child} and {@code --jqueue-supervisor-id} are set by a fork supervisor for its children. */
    public static final CommandLineSyntax SYNTAX = new CommandLineSyntax(COMMAND, java.util.Map.of(
            "backend", CommandLineSyntax.Arity.VALUE, "mode", CommandLineSyntax.Arity.VALUE,
            "only-work", CommandLineSyntax.Arity.FLAG, "only-dispatch", CommandLineSyntax.Arity.FLAG,
            "skip-recurring", CommandLineSyntax.Arity.FLAG,
            "jqueue-child", CommandLineSyntax.Arity.VALUE, "jqueue-supervisor-id", CommandLineSyntax.Arity.VALUE));
    /** Environment variable that disables the recurring-task scheduler (like {@code --skip-recurring}). */
    public static final String SKIP_RECURRING_ENV = "JQUEUE_SKIP_RECURRING";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = new HashMap<>();
        String skipRecurringEnv = environment.getProperty(SKIP_RECURRING_ENV);
        if (skipRecurringEnv != null && !skipRecurringEnv.isBlank()) {
            properties.put("jqueue.embedded.skip-recurring", String.valueOf(parseBoolean(SKIP_RECURRING_ENV, skipRecurringEnv)));
        }
        PropertySource<?> source = environment.getPropertySources()
                .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
        Object nonOptions = source instanceof CommandLinePropertySource<?> cl ? cl.getProperty("nonOptionArgs") : null;
        if (!(source instanceof CommandLinePropertySource<?> commandLine)
                || nonOptions == null || !String.valueOf(nonOptions).split(",")[0].trim().equals(COMMAND)) {
            if (!properties.isEmpty()) {
                environment.getPropertySources().addFirst(new MapPropertySource("jqueueCommandLine", properties));
            }
            return;
        }
        properties.put("spring.main.web-application-type", "none");
        properties.put("jqueue.embedded.enabled", "true");
        properties.put("jqueue.embedded.standalone", "true");
        String backend = option(commandLine, "backend", "default");
        requireConfigured(environment, backend);
        properties.put("jqueue.embedded.backend", backend);
        String mode = option(commandLine, "mode", null);
        if (mode != null) {
            properties.put("jqueue.backends." + backend + ".mode", mode);
        }
        if (commandLine.containsProperty("only-work")) {
            properties.put("jqueue.embedded.only-work", "true");
        }
        String child = option(commandLine, "jqueue-child", null);
        if (child != null) {
            properties.put("jqueue.embedded.child", child);
            properties.put("jqueue.embedded.supervisor-id", option(commandLine, "jqueue-supervisor-id", ""));
        }
        if (commandLine.containsProperty("only-dispatch")) {
            properties.put("jqueue.embedded.only-dispatch", "true");
        }
        if (commandLine.containsProperty("skip-recurring")) {
            Object value = commandLine.getProperty("skip-recurring");
            properties.put("jqueue.embedded.skip-recurring", String.valueOf(value == null || String.valueOf(value).isBlank()
                    || parseBoolean("--skip-recurring", String.valueOf(value))));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("jqueueCommandLine", properties));
    }

    /**
     * A worker started for a backend that does not exist must not run another backend's jobs:
     * the alias is refused with the configured ones (just {@code default} when none is configured).
     */
    private static void requireConfigured(ConfigurableEnvironment environment, String alias) {
        java.util.Set<String> configured = JQueueConfigOverlay.configuredBackends(environment);
        if (configured.isEmpty()) {
            configured = java.util.Set.of("default");
        }
        if (!configured.contains(alias)) {
            throw new InvalidCommandLineException(COMMAND + ": backend '" + alias + "' is not configured for jqueue (configured: "
                    + String.join(", ", new java.util.TreeSet<>(configured)) + ")");
        }
    }

    /** dj_queue's boolean words: 1/true/yes/on and 0/false/no/off. */
    static boolean parseBoolean(String name, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be one of 1/true/yes/on or 0/false/no/off (got '"
                    + value + "')");
        };
    }

    private static String option(CommandLinePropertySource<?> commandLine, String name, String fallback) {
        Object value = commandLine.getProperty(name);
        return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
