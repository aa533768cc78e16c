package dev.jqueue.task;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;

/**
 * Turns {@code m -> m.deliver("welcome", 42L)} into a task call without running it: the
 * lambda runs against a recording proxy of the task class, which captures the method and
 * arguments. One proxy per class is cached; the recording is per thread.
 */
public final class CallRecorder {

    /** A recorded invocation. */
    public record RecordedCall(Method method, Object[] arguments) {
    }

    private static final ThreadLocal<RecordedCall> LAST = new ThreadLocal<>();
    private final Map<Class<?>, Object> proxies = new ConcurrentHashMap<>();

    public <T> RecordedCall record(Class<T> type, Consumer<T> call) {
        T proxy = type.cast(proxies.computeIfAbsent(type, CallRecorder::createProxy));
        LAST.remove();
        try {
            call.accept(proxy);
            RecordedCall recorded = LAST.get();
            if (recorded == null) {
                throw new IllegalArgumentException("jqueue: the lambda did not call a method of " + type.getName());
            }
            return recorded;
        } finally {
            LAST.remove();
        }
    }

    private static Object createProxy(Class<?> type) {
        if (java.lang.reflect.Modifier.isFinal(type.getModifiers()) && !type.isInterface()) {
            throw new IllegalArgumentException("jqueue: cannot record calls on final class " + type.getName()
                    + "; enqueue it by task path instead");
        }
        ProxyFactory factory = new ProxyFactory();
        if (type.isInterface()) {
            factory.addInterface(type);
        } else {
            factory.setTargetClass(type);
            factory.setProxyTargetClass(true);
        }
        factory.addAdvice((MethodInterceptor) invocation -> {
            if (LAST.get() != null) {
                throw new IllegalArgumentException("jqueue: record exactly one task call per enqueue");
            }
            LAST.set(new RecordedCall(invocation.getMethod(), invocation.getArguments().clone()));
            return defaultValue(invocation.getMethod().getReturnType());
        });
        return factory.getProxy(type.getClassLoader());
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) return false;
        if (type == char.class) return '\0';
        if (type == long.class) return 0L;
        if (type == float.class) return 0f;
        if (type == double.class) return 0d;
        if (type == byte.class) return (byte) 0;
        if (type == short.class) return (short) 0;
        return 0;
    }
}
