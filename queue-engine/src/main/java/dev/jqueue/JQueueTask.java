package dev.jqueue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a jqueue task.
 *
 * <p>The task path defaults to {@code fully.qualified.Class.method} of the bean's user class
 * (proxies unwrapped); {@link #name()} overrides it. Keep task paths stable: queued jobs
 * outlive deployments and find their method by this path.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JQueueTask {

    /** Task path override; empty means {@code fully.qualified.Class.method}. */
    String name() default "";

    /** Queue used when the enqueue call names none. */
    String queue() default "default";

    /** Priority used when the enqueue call names none (-100..100, higher runs first). */
    int priority() default 0;

    /** Concurrency limit per key (none by default). */
    Concurrency concurrency() default @Concurrency;

    /** Automatic retries (none by default). */
    Retry retry() default @Retry;

    /** Unique jobs: a duplicate enqueue returns the existing job (none by default). */
    Unique unique() default @Unique;
}
