package dev.jqueue.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * The configuration layers between the environment and the application's properties:
 *
 * <pre>
 * command line (--mode, …)            highest
 * environment: relaxed names (JQUEUE_BACKENDS_DEFAULT_MODE), then JQUEUE_MODE
 * overlay file (--config=FILE or JQUEUE_CONFIG): YAML
 * application properties / YAML
 * defaults                             lowest
 * </pre>
 *
 * <p>The overlay file holds the options of one backend, in one of two shapes: flat
 * ({@code mode: async}, {@code workers: [{threads: 8}]}), applied to the selected backend; or
 * {@code backends: {alias: {...}}}, of which only the selected alias applies. Mixing the two is
 * an error. The selected backend is {@code --backend}, else {@code jqueue.embedded.backend},
 * else {@code default}. Both property sources sit right after the system environment, so
 * everything above wins over them and they win over the application's own files.
 */
public class JQueueConfigOverlay implements EnvironmentPostProcessor, Ordered {

    public static final String CONFIG_ENV = "JQUEUE_CONFIG";
    public static final String MODE_ENV = "JQUEUE_MODE";
    public static final String OVERLAY_SOURCE = "jqueueConfigOverlay";
    public static final String ENVIRONMENT_SOURCE = "jqueueEnvironment";
    /** Runs after Spring's config data (application.properties) has been loaded. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String alias = selectedBackend(environment);
        String file = commandLineOption(environment, "config");
        String fileOrigin = "--config";
        if (file == null) {
            file = blankToNull(environment.getProperty(CONFIG_ENV));
            fileOrigin = CONFIG_ENV;
        }
        String mode = blankToNull(environment.getProperty(MODE_ENV));
        if (file == null && mode == null) {
            return;
        }
        requireConfigured(environment, alias, file != null ? fileOrigin + "=" + file : MODE_ENV);
        MutablePropertySources sources = environment.getPropertySources();
        if (file != null) {
            insertAfterEnvironment(sources, overlay(Path.of(file), alias));
        }
        if (mode != null) {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("jqueue.backends." + alias + ".mode", mode);
            insertAfterEnvironment(sources, new MapPropertySource(ENVIRONMENT_SOURCE, env));
        }
    }

    /** The overlay file as properties of {@code jqueue.backends.<alias>.}, keeping each value's file and line. */
    static PropertySource<?> overlay(Path file, String alias) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("jqueue overlay file " + file.toAbsolutePath() + " does not exist");
        }
        List<PropertySource<?>> documents;
        try {
            documents = new YamlPropertySourceLoader().load("jqueue overlay " + file, new FileSystemResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException("jqueue overlay file " + file + " could not be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("jqueue overlay file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (documents.size() > 1) {
            throw new IllegalStateException("jqueue overlay file " + file + " must hold one YAML document (found "
                    + documents.size() + ")");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (documents.isEmpty()) {
            return new OriginTrackedMapPropertySource(OVERLAY_SOURCE, result);
        }
        Map<?, ?> flattened = (Map<?, ?>) documents.getFirst().getSource();
        Set<String> flatKeys = new TreeSet<>();
        boolean backendsShape = false;
        for (Object key : flattened.keySet()) {
            String name = String.valueOf(key);
            if (name.equals("backends") || name.startsWith("backends.") || name.startsWith("backends[")) {
                backendsShape = true;
            } else {
                flatKeys.add(topLevel(name));
            }
        }
        if (backendsShape && !flatKeys.isEmpty()) {
            throw new IllegalStateException("jqueue overlay file " + file + " mixes the flat shape (" + String.join(", ", flatKeys)
                    + ") with 'backends:'; use either backend options at the top level or only 'backends: {alias: {...}}'");
        }
        for (Map.Entry<?, ?> entry : flattened.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String option;
            if (backendsShape) {
                String[] aliasAndRest = splitBackend(name, file);
                if (aliasAndRest == null || !aliasAndRest[0].equals(alias)) {
                    continue;
                }
                option = aliasAndRest[1];
            } else {
                option = name;
            }
            String separator = option.startsWith("[") ? "" : ".";
            result.put("jqueue.backends." + alias + separator + option, secondsIfDuration(option, entry.getValue()));
        }
        return new OriginTrackedMapPropertySource(OVERLAY_SOURCE, result);
    }

    /**
     * dj_queue's overlay writes durations as bare seconds ({@code polling_interval: 0.1}); Spring
     * would read them as milliseconds, so they become ISO-8601 durations here, keeping their origin.
     */
    private static Object secondsIfDuration(String option, Object value) {
        int cut = Math.max(option.lastIndexOf('.'), option.lastIndexOf(']'));
        String leaf = DurationSyntax.kebab(option.substring(cut + 1));
        Object raw = value instanceof OriginTrackedValue tracked ? tracked.getValue() : value;
        if (!DurationSyntax.OPTIONS.contains(leaf) || !DurationSyntax.isBareNumber(raw)) {
            return value;
        }
        String seconds = DurationSyntax.seconds(raw);
        return value instanceof OriginTrackedValue tracked ? OriginTrackedValue.of(seconds, tracked.getOrigin()) : seconds;
    }

    /** {@code backends.a.mode} → {@code [a, mode]}; {@code backends[a.b].mode} → {@code [a.b, mode]}. */
    private static String[] splitBackend(String name, Path file) {
        String rest = name.substring("backends".length());
        if (rest.isEmpty()) {
            return null;
        }
        String alias;
        String option;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            alias = rest.substring(1, close);
            option = rest.substring(close + 1);
        } else {
            rest = rest.substring(1);
            int end = indexOfAny(rest);
            if (end < 0) {
                throw new IllegalStateException("jqueue overlay file " + file + ": 'backends." + rest
                        + "' must map to the options of backend '" + rest + "'");
            }
            alias = rest.substring(0, end);
            option = rest.substring(end);
        }
        if (option.startsWith(".")) {
            option = option.substring(1);
        }
        return option.isEmpty() ? null : new String[] {alias, option};
    }

    private static int indexOfAny(String text) {
        int dot = text.indexOf('.');
        int bracket = text.indexOf('[');
        if (dot < 0) {
            return bracket;
        }
        return bracket < 0 ? dot : Math.min(dot, bracket);
    }

    private static String topLevel(String name) {
        int end = indexOfAny(name);
        return end < 0 ? name : name.substring(0, end);
    }

    /** The backend the overlay and {@code JQUEUE_MODE} apply to. */
    static String selectedBackend(ConfigurableEnvironment environment) {
        String alias = commandLineOption(environment, "backend");
        if (alias == null) {
            alias = blankToNull(environment.getProperty("jqueue.embedded.backend"));
        }
        return alias == null ? "default" : alias;
    }

    /** With backends configured, the selected one must be among them (else the overlay would invent a backend). */
    private static void requireConfigured(ConfigurableEnvironment environment, String alias, String what) {
        Set<String> configured = configuredBackends(environment);
        if (!configured.isEmpty() && !configured.contains(alias)) {
            throw new IllegalStateException(what + " applies to jqueue backend '" + alias
                    + "', which is not configured (configured: " + String.join(", ", configured)
                    + "); choose one with --backend");
        }
    }

    static Set<String> configuredBackends(ConfigurableEnvironment environment) {
        ConfigurationPropertyName backends = ConfigurationPropertyName.of("jqueue.backends");
        Set<String> aliases = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable
                    && !(iterable.getUnderlyingSource() instanceof org.springframework.core.env.SystemEnvironmentPropertySource)) {
                iterable.filter(backends::isAncestorOf).stream()
                        .forEach(name -> aliases.add(name.getElement(2, ConfigurationPropertyName.Form.ORIGINAL)));
            }
        }
        return aliases;
    }

    private static String commandLineOption(ConfigurableEnvironment environment, String name) {
        PropertySource<?> source = environment.getPropertySources()
                .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
        if (source == null) {
            return null;
        }
        Object value = source.getProperty(name);
        return value == null ? null : blankToNull(String.valueOf(value));
    }

    private static void insertAfterEnvironment(MutablePropertySources sources, PropertySource<?> source) {
        String environment = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        if (sources.contains(environment)) {
            sources.addAfter(environment, source);
            return;
        }
        // No system environment source (tests, custom environments): go before the application's files.
        List<String> names = new ArrayList<>();
        sources.forEach(s -> names.add(s.getName()));
        for (String name : names) {
            if (name.startsWith("Config resource") || name.startsWith("applicationConfig")) {
                sources.addBefore(name, source);
                return;
            }
        }
        sources.addLast(source);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
