package dev.jqueue.runtime;

/** Test access to the supervisor's restart backoff. */
public final class SupervisorBackoffAccess {
    private SupervisorBackoffAccess() {
    }

    public static java.time.Duration of(int failures) {
        return Supervisor.backoff(failures);
    }
}
