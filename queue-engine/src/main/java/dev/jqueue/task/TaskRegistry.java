package dev.jqueue.task;

import dev.jqueue.JQueueTask;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The tasks of this application: every {@link JQueueTask} method of every bean, found as
 * beans are initialized. Two methods claiming one task path stop start-up.
 */
public class TaskRegistry implements BeanPostProcessor {

    private final Map<String, TaskDefinition> byPath = new ConcurrentHashMap<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> userClass = AopUtils.getTargetClass(bean);
        if (userClass.getName().startsWith("org.springframework.")) {
            return bean;
        }
        Map<Method, JQueueTask> tasks = MethodIntrospector.selectMethods(userClass,
                (MethodIntrospector.MetadataLookup<JQueueTask>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, JQueueTask.class));
        tasks.forEach((method, annotation) -> register(bean, userClass, method, annotation));
        return bean;
    }

    /** Registers a task method of a bean (also usable without component scanning). */
    public TaskDefinition register(Object bean, Class<?> userClass, Method method, JQueueTask annotation) {
        String path = annotation.name().isBlank()
                ? userClass.getName() + "." + method.getName()
                : annotation.name().trim();
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        invocable.setAccessible(true);
        TaskDefinition definition = new TaskDefinition(path, bean, userClass, invocable,
                annotation.queue(), annotation.priority(), annotation.concurrency(), annotation.retry(),
                annotation.unique());
        TaskDefinition previous = byPath.putIfAbsent(path, definition);
        if (previous != null && !previous.method().equals(invocable)) {
            throw new IllegalStateException("jqueue task path '" + path + "' is declared twice: by "
                    + previous.userClass().getName() + "." + previous.method().getName() + " and by "
                    + userClass.getName() + "." + method.getName() + "; give one of them @JQueueTask(name = ...)");
        }
        return definition;
    }

    public Optional<TaskDefinition> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public TaskDefinition get(String path) {
        TaskDefinition definition = byPath.get(path);
        if (definition == null) {
            throw new UnknownTaskException(path);
        }
        return definition;
    }

    /** The task a recorded call on {@code type} refers to. */
    public TaskDefinition forMethod(Class<?> type, Method method) {
        for (TaskDefinition definition : byPath.values()) {
            if (type.isAssignableFrom(definition.userClass()) && definition.matches(method)) {
                return definition;
            }
        }
        throw new IllegalArgumentException("jqueue: " + type.getName() + "." + method.getName()
                + " is not a @JQueueTask method of a bean in this application");
    }

    /** All tasks, sorted by path. */
    public Collection<TaskDefinition> all() {
        return Collections.unmodifiableCollection(new TreeMap<>(byPath).values());
    }
}
