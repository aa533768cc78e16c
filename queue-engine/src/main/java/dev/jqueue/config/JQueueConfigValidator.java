package dev.jqueue.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Refuses unknown and invalid {@code jqueue.*} configuration before anything uses it.
 *
 * <p>Names: every property name under {@code jqueue.} in every property source is walked along
 * {@link JQueueProperties}' record components (kebab-case, camelCase or snake_case as Spring's
 * relaxed binding allows; {@code [i]} for list entries; any key for the backend and recurring
 * maps). A name that matches no option stops start-up with that exact name, where it came from,
 * and the options that would have been accepted there. Environment variables are checked only
 * below a known option group ({@code JQUEUE_BACKENDS_…}, {@code JQUEUE_EMBEDDED_…}), because
 * {@code JQUEUE_CONFIG}, {@code JQUEUE_MODE}, {@code JQUEUE_SKIP_RECURRING} and the test
 * switches are environment knobs, not properties.
 *
 * <p>Values: the whole tree is bound once; a failure names the exact property, e.g.
 * {@code jqueue.backends.default.workers[0].threads}, rather than the record it belongs to.
 *
 * <p>It runs as the first bean factory post-processor, i.e. before any bean is created.
 */
public final class JQueueConfigValidator implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

    static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("jqueue");
    /** Names under {@code jqueue.} that are not options: set by jqueue itself, or test switches. */
    static final Set<String> INTERNAL = Set.of("command", "test");
    /** Environment variables that map below {@code jqueue.} but are knobs of their own. */
    static final Set<String> ENVIRONMENT_KNOBS = Set.of("config", "mode", "skip", "skiprecurring", "test");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (environment instanceof ConfigurableEnvironment configurable) {
            validate(configurable, otherRoots(beanFactory));
        }
    }

    /**
     * Other {@code @ConfigurationProperties} classes below {@code jqueue.} (the console's
     * {@code jqueue.console}): their names are checked against their own records, or not at all
     * when they are not records.
     */
    static Map<ConfigurationPropertyName, Class<?>> otherRoots(ConfigurableListableBeanFactory beanFactory) {
        Map<ConfigurationPropertyName, Class<?>> roots = new LinkedHashMap<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            String className = beanFactory.getBeanDefinition(name).getBeanClassName();
            if (className == null) {
                continue;
            }
            Class<?> type;
            try {
                type = org.springframework.util.ClassUtils.forName(className, beanFactory.getBeanClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            org.springframework.boot.context.properties.ConfigurationProperties annotation =
                    org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(type,
                            org.springframework.boot.context.properties.ConfigurationProperties.class);
            if (annotation == null || type == JQueueProperties.class) {
                continue;
            }
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            if (prefix.startsWith("jqueue.")) {
                roots.put(ConfigurationPropertyName.of(prefix), type);
            }
        }
        return roots;
    }

    /** Checks names, then values; throws {@link InvalidJQueueConfigurationException} listing every problem. */
    public static void validate(ConfigurableEnvironment environment) {
        validate(environment, Map.of());
    }

    public static void validate(ConfigurableEnvironment environment, Map<ConfigurationPropertyName, Class<?>> otherRoots) {
        List<String> problems = unknownNames(environment, otherRoots);
        if (!problems.isEmpty()) {
            throw new InvalidJQueueConfigurationException(problems);
        }
        String invalid = invalidValue(environment);
        if (invalid != null) {
            throw new InvalidJQueueConfigurationException(List.of(invalid));
        }
    }

    static List<String> unknownNames(ConfigurableEnvironment environment, Map<ConfigurationPropertyName, Class<?>> otherRoots) {
        Map<String, String> problems = new TreeMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean fromEnvironment = iterable.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            iterable.filter(ROOT::isAncestorOf).stream().forEach(name -> {
                String first = name.getElement(1, Form.UNIFORM);
                if (INTERNAL.contains(first) || (fromEnvironment && ENVIRONMENT_KNOBS.contains(first))) {
                    return;
                }
                if (fromEnvironment && component(JQueueProperties.class, first) == null) {
                    return;
                }
                String problem = null;
                boolean other = false;
                for (Map.Entry<ConfigurationPropertyName, Class<?>> root : otherRoots.entrySet()) {
                    if (root.getKey().equals(name) || root.getKey().isAncestorOf(name)) {
                        other = true;
                        problem = root.getValue().isRecord()
                                ? check(name, root.getKey().getNumberOfElements(), root.getValue(), root.getKey().toString())
                                : null;
                    }
                }
                if (!other) {
                    problem = check(name, 1, JQueueProperties.class, "jqueue");
                    if (problem == null && !JQueueConfigOverlay.OVERLAY_SOURCE.equals(sourceName(source))) {
                        problem = bareNumberDuration(source, name);
                    }
                }
                if (problem != null && !problems.containsKey(name.toString())) {
                    String what = problem.startsWith(BARE) ? "invalid value for" : "unknown jqueue configuration property";
                    problems.put(name.toString(), what + " '" + name + "'" + origin(source, name) + ": "
                            + (problem.startsWith(BARE) ? problem.substring(BARE.length()) : problem));
                }
            });
        }
        return new ArrayList<>(problems.values());
    }

    /** Marks a refused value (as opposed to an unknown name) in the walk's problems. */
    private static final String BARE = "\u0000bare:";

    /** A duration option written as a bare number outside the overlay file: refused, since its unit would be a guess. */
    private static String bareNumberDuration(ConfigurationPropertySource source, ConfigurationPropertyName name) {
        String leaf = name.getElement(name.getNumberOfElements() - 1, Form.UNIFORM); // env names have no dashes
        if (DurationSyntax.OPTIONS.stream().noneMatch(option -> option.replace("-", "").equals(leaf)) || name.getNumberOfElements() < 4
                || !name.getElement(1, Form.UNIFORM).equals("backends")) {
            return null;
        }
        ConfigurationProperty property = source.getConfigurationProperty(name);
        Object value = property == null ? null : property.getValue();
        return value != null && DurationSyntax.isBareNumber(value) ? BARE + DurationSyntax.bareNumberRefusal(value) : null;
    }

    private static String sourceName(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof org.springframework.core.env.PropertySource<?> underlying
                ? underlying.getName() : null;
    }

    /** Null when the name fits the type from element {@code index} on, else why not. */
    static String check(ConfigurationPropertyName name, int index, Type type, String path) {
        if (index >= name.getNumberOfElements()) {
            return null;
        }
        Class<?> raw = raw(type);
        if (raw == Object.class) {
            return null; // free-form JSON-like values (recurring args)
        }
        if (Map.class.isAssignableFrom(raw)) {
            String key = name.getElement(index, Form.ORIGINAL);
            return check(name, index + 1, typeArgument(type, 1), path + "." + key);
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            Type element = raw.isArray() ? raw.getComponentType() : typeArgument(type, 0);
            if (name.isNumericIndex(index)) {
                String entry = path + "[" + name.getElement(index, Form.ORIGINAL) + "]";
                if (raw(element) == Object.class && index + 1 < name.getNumberOfElements()) {
                    // the binder puts plain values into a List<Object>; nested names would be left unbound
                    return entry + " is a single value and has no option '" + name.getElement(index + 1, Form.ORIGINAL) + "'";
                }
                return check(name, index + 1, element, entry);
            }
            return path + " is a list; address its entries as " + path + "[0]."
                    + name.getElement(index, Form.ORIGINAL);
        }
        if (raw.isRecord()) {
            String element = name.getElement(index, Form.UNIFORM);
            RecordComponent component = component(raw, element);
            if (component == null) {
                return path + " has no option '" + name.getElement(index, Form.ORIGINAL) + "'; its options are "
                        + String.join(", ", options(raw));
            }
            return check(name, index + 1, component.getGenericType(), path + "." + kebab(component.getName()));
        }
        if (scalar(raw)) {
            return path + " is a single value and has no option '" + name.getElement(index, Form.ORIGINAL) + "'";
        }
        return null; // some other bindable type: leave it to the binder
    }

    /** Binds {@code jqueue.*} once; null when it binds, else a message naming the exact property. */
    static String invalidValue(ConfigurableEnvironment environment) {
        try {
            Binder.get(environment).bind("jqueue", JQueueProperties.class);
            return null;
        } catch (BindException e) {
            return describe(environment, e);
        }
    }

    private static String describe(ConfigurableEnvironment environment, BindException e) {
        Throwable cause = e.getCause();
        while (cause instanceof BindException nested && nested.getCause() != null) {
            cause = nested.getCause();
        }
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root
                && !(root instanceof IllegalArgumentException && root.getMessage() != null)) {
            root = root.getCause();
        }
        String reason = root == null || root.getMessage() == null ? String.valueOf(cause) : root.getMessage();
        ConfigurationProperty property = e.getProperty();
        if (property != null) {
            return "invalid value for '" + property.getName() + "'" + originText(property.getOrigin()) + ": "
                    + reason(property, reason);
        }
        // A record's own check failed ("threads must be a positive integer (got 0)"): name the option.
        String option = leadingOption(reason);
        ConfigurationPropertyName base = e.getName();
        if (option != null && base != null) {
            String last = base.getNumberOfElements() == 0 ? "" : base.getElement(base.getNumberOfElements() - 1, Form.DASHED);
            String relative = option.startsWith(last + ".") ? option.substring(last.length() + 1) : option;
            ConfigurationPropertyName exact = ConfigurationPropertyName.of(base + "." + relative);
            ConfigurationProperty found = find(environment, exact);
            return "invalid value for '" + exact + "'" + (found == null ? "" : originText(found.getOrigin())) + ": "
                    + reason;
        }
        return "invalid value under '" + base + "': " + reason;
    }

    private static String reason(ConfigurationProperty property, String reason) {
        Object value = property.getValue();
        if (reason.contains(String.valueOf(value))) {
            return reason;
        }
        return reason + " (got '" + value + "')";
    }

    /** {@code "polling-interval must be positive"} → {@code polling-interval}. */
    private static String leadingOption(String reason) {
        if (reason == null) {
            return null;
        }
        int space = reason.indexOf(' ');
        if (space <= 0 || !reason.substring(space).startsWith(" must ")) {
            return null;
        }
        String option = reason.substring(0, space);
        return option.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*") ? option : null;
    }

    private static ConfigurationProperty find(ConfigurableEnvironment environment, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property;
            }
        }
        return null;
    }

    private static String origin(ConfigurationPropertySource source, ConfigurationPropertyName name) {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        if (property != null && property.getOrigin() != null) {
            return originText(property.getOrigin());
        }
        Object underlying = source.getUnderlyingSource();
        if (underlying instanceof org.springframework.core.env.PropertySource<?> propertySource) {
            return " (from " + propertySource.getName() + ")";
        }
        return "";
    }

    private static String originText(Origin origin) {
        if (origin == null) {
            return "";
        }
        if (origin instanceof org.springframework.boot.origin.PropertySourceOrigin source) {
            return source.getOrigin() != null ? originText(source.getOrigin())
                    : " (from " + source.getPropertySource().getName() + ")";
        }
        return " (from " + origin + ")";
    }

    static RecordComponent component(Class<?> record, String uniformName) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().toLowerCase(java.util.Locale.ROOT).equals(uniformName)) {
                return component;
            }
        }
        return null;
    }

    static List<String> options(Class<?> record) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            names.add(kebab(component.getName()));
        }
        return names;
    }

    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean scalar(Class<?> raw) {
        return raw.isPrimitive() || raw.isEnum() || CharSequence.class.isAssignableFrom(raw)
                || Number.class.isAssignableFrom(raw) || raw == Boolean.class || raw == Character.class
                || raw == Duration.class || raw.getName().startsWith("java.time.");
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w && w.getUpperBounds().length > 0) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Start-up refused: unknown or invalid {@code jqueue.*} configuration. */
    public static final class InvalidJQueueConfigurationException extends IllegalStateException {

        private final List<String> problems;

        public InvalidJQueueConfigurationException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
