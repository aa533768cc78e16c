package dev.jqueue.config;

/** How a supervisor runs its runners. */
public enum RuntimeMode {
    /** Runners are threads of the supervisor's JVM. */
    ASYNC,
    /** Each runner is a child JVM of the same application. */
    FORK
}
