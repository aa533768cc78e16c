package dev.jqueue.task;

import dev.jqueue.Concurrency;
import dev.jqueue.Retry;
import dev.jqueue.TaskContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * One registered task: the bean, the method to invoke on it, and what its signature means for
 * the stored arguments (a {@link TaskContext} parameter is supplied by the worker, not stored).
 */
public record TaskDefinition(String path, Object bean, Class<?> userClass, Method method,
                             String defaultQueue, int defaultPriority, Concurrency concurrency, Retry retry,
                             dev.jqueue.Unique unique) {

    /** Parameters that carry stored (JSON) arguments, in order. */
    public List<Parameter> argumentParameters() {
        List<Parameter> result = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            if (parameter.getType() != TaskContext.class) {
                result.add(parameter);
            }
        }
        return result;
    }

    public List<Type> argumentTypes() {
        List<Type> types = new ArrayList<>();
        Type[] generic = method.getGenericParameterTypes();
        Class<?>[] raw = method.getParameterTypes();
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != TaskContext.class) {
                types.add(generic[i]);
            }
        }
        return types;
    }

    public boolean returnsValue() {
        return method.getReturnType() != void.class && method.getReturnType() != Void.class;
    }

    /** Does this task's method have this name and these stored-argument types? */
    public boolean matches(Method candidate) {
        return method.getName().equals(candidate.getName())
                && java.util.Arrays.equals(method.getParameterTypes(), candidate.getParameterTypes());
    }
}
