package dev.jqueue.observability;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import org.springframework.beans.factory.DisposableBean;

/** Registers a {@link JobEventListener} for every backend, and removes it when the context closes. */
public final class JobEventsRegistration implements DisposableBean {

    private final Backends backends;
    private final JobEventListener listener;

    public JobEventsRegistration(Backends backends, JobEventListener listener) {
        this.backends = backends;
        this.listener = listener;
        for (Backend backend : backends.all().values()) {
            JobEvents.register(backend.context(), listener);
        }
    }

    public JobEventListener listener() {
        return listener;
    }

    @Override
    public void destroy() {
        for (Backend backend : backends.all().values()) {
            JobEvents.unregister(backend.context(), listener);
        }
    }
}
