package dev.jqueue.runtime;

import dev.jqueue.JQueueErrorHandler;
import dev.jqueue.JQueueHook;
import dev.jqueue.ProcessInfo;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires lifecycle hooks in registration order, each failure isolated, and routes runtime
 * errors to the error handler (falling back to the log if the handler itself fails).
 */
public final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    private final List<JQueueHook> hooks;
    private final JQueueErrorHandler errors;

    public Lifecycle(List<JQueueHook> hooks, JQueueErrorHandler errors) {
        this.hooks = List.copyOf(hooks);
        this.errors = errors;
    }

    public static Lifecycle none() {
        return new Lifecycle(List.of(), null);
    }

    public void fire(String event, ProcessInfo process) {
        for (JQueueHook hook : hooks) {
            if (!hook.event().equals(event)) {
                continue;
            }
            try {
                hook.run(process);
            } catch (RuntimeException | Error e) {
                error("hook:" + event, e);
            }
        }
    }

    public void error(String context, Throwable error) {
        if (errors != null) {
            try {
                errors.handle(context, error);
                return;
            } catch (RuntimeException handlerFailure) {
                error.addSuppressed(handlerFailure);
            }
        }
        log.atError().addKeyValue("event", "jqueue.thread_error").addKeyValue("thread_error_context", context)
                .setCause(error).log("jqueue.thread_error in {}: {}", context, error.toString());
    }
}
