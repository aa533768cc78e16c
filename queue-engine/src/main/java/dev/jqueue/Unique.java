package dev.jqueue;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Unique jobs, used inside {@link JQueueTask#unique()}: while a job of this task with the same
 * resolved {@link #key()} holds the key (see {@link #scope()}, at most {@link #period()}), an
 * enqueue of a duplicate creates nothing and returns the holder's result, marked
 * {@link TaskResult#deduplicated()}. Enforced by a key row in the database, so two nodes
 * enqueueing the same key at once get one job.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Unique {

    /**
     * Key template over the task's parameter names, e.g. {@code "report:{accountId}"} (compile
     * with {@code -parameters}). Empty means not unique. Keys are per backend.
     */
    String key() default "";

    /** While the holder job keeps its key (the attribute is not named {@code while}: a Java keyword). */
    UniqueScope scope() default UniqueScope.UNTIL_STARTED;

    /**
     * The longest a job holds its key, counted from its enqueue (Spring duration syntax, e.g.
     * {@code "10m"}); empty means as long as the scope says.
     */
    String period() default "";
}
