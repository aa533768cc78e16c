package dev.jqueue;

import java.util.Arrays;
import java.util.List;

/** One call in a bulk enqueue: a task path, its arguments and options. */
public record EnqueueRequest(String taskPath, List<Object> args, EnqueueOptions options) {

    public EnqueueRequest {
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
        options = options == null ? EnqueueOptions.defaults() : options;
    }

    public static EnqueueRequest of(String taskPath, Object... args) {
        return new EnqueueRequest(taskPath, Arrays.asList(args), EnqueueOptions.defaults());
    }

    public EnqueueRequest with(EnqueueOptions options) {
        return new EnqueueRequest(taskPath, args, options);
    }
}
