package dev.jqueue;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A concurrency limit for a task, used inside {@link JQueueTask#concurrency()}: at most
 * {@link #limit()} jobs with the same resolved {@link #key()} run at once, across every worker
 * and backend on the queue database. The policy is stored on each job at enqueue, so changing
 * it later does not change jobs already queued.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Concurrency {

    /**
     * Key template over the task's parameter names, e.g. {@code "account:{accountId}"}
     * (compile with {@code -parameters}). Empty means no limit.
     */
    String key() default "";

    /** Jobs of one key that may run at once; required with a key. */
    int limit() default 0;

    /**
     * How long a slot is held before maintenance may reclaim it (Spring duration syntax, e.g.
     * {@code "60s"}); empty uses the backend's {@code default-concurrency-duration}.
     */
    String duration() default "";

    /** What happens to a job that finds no free slot: {@code block} (wait) or {@code discard}. */
    String onConflict() default "block";
}
