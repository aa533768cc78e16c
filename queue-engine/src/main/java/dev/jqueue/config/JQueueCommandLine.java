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
 * Turns {@code java -jar app.jar jqueue [--backend=A] [--mode=async] [--only-work|--only-dispatch]}
 * into configuration: no web server, and a supervisor for that backend started with the
 * context (the same lifecycle as embedded mode, marked standalone).
 */
public class JQueueCommandLine implements EnvironmentPostProcessor, Ordered {

    public static final String COMMAND = "jqueue";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> source = environment.getPropertySources()
                .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
        if (!(source instanceof CommandLinePropertySource<?> commandLine)) {
            return;
        }
        Object nonOptions = commandLine.getProperty("nonOptionArgs");
        if (nonOptions == null || !String.valueOf(nonOptions).split(",")[0].trim().equals(COMMAND)) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.main.web-application-type", "none");
        properties.put("jqueue.embedded.enabled", "true");
        properties.put("jqueue.embedded.standalone", "true");
        String backend = option(commandLine, "backend", "default");
        properties.put("jqueue.embedded.backend", backend);
        String mode = option(commandLine, "mode", null);
        if (mode != null) {
            properties.put("jqueue.backends." + backend + ".mode", mode);
        }
        if (commandLine.containsProperty("only-work")) {
            properties.put("jqueue.embedded.only-work", "true");
        }
        if (commandLine.containsProperty("only-dispatch")) {
            properties.put("jqueue.embedded.only-dispatch", "true");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("jqueueCommandLine", properties));
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
