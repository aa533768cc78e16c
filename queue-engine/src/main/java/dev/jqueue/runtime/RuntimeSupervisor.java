package dev.jqueue.runtime;

/** What the Spring lifecycle starts and stops: an async supervisor, a fork supervisor, or one fork child. */
public interface RuntimeSupervisor {

    void start();

    /** Graceful: stop claiming, let in-flight jobs finish within the shutdown timeout, remove process rows. */
    void stop();

    boolean running();
}
