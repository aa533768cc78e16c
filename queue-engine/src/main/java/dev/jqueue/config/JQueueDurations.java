package dev.jqueue.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives an unset retention window a value Spring binds ({@link DurationSyntax#NEVER}): with
 * {@code clear-finished-jobs-after: never} (or empty, or {@code ~} in YAML) finished jobs are kept
 * forever, as dj_queue's {@code None} does, instead of Spring quietly applying the one-day default.
 * It reads the effective value of each backend's window (every source, relaxed names, precedence)
 * and, where it is an unset word, adds the replacement above everything else.
 */
public class JQueueDurations implements EnvironmentPostProcessor, Ordered {

    public static final String SOURCE = "jqueueUnsetRetention";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Set<String> aliases = new TreeSet<>(JQueueConfigOverlay.configuredBackends(environment));
        aliases.add("default");
        Binder binder = Binder.get(environment);
        Map<String, Object> unset = new LinkedHashMap<>();
        for (String alias : aliases) {
            for (String option : DurationSyntax.UNSETTABLE) {
                String name = "jqueue.backends." + alias + "." + option;
                binder.bind(name, String.class).ifBound(value -> {
                    if (DurationSyntax.isUnsetWord(value)) {
                        unset.put(name, DurationSyntax.NEVER.toString());
                    }
                });
            }
        }
        if (!unset.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, unset));
        }
    }

    @Override
    public int getOrder() {
        return JQueueConfigOverlay.ORDER + 50; // after the overlay file is in place
    }
}
