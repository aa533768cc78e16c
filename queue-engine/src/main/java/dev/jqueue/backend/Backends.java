package dev.jqueue.backend;

import dev.jqueue.JQueue;
import dev.jqueue.config.BackendProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configured backend, by alias, in configuration order. */
public final class Backends {

    private final Map<String, Backend> byAlias = new LinkedHashMap<>();
    private final Map<String, BackendProperties> properties = new LinkedHashMap<>();

    public void add(Backend backend, BackendProperties backendProperties) {
        byAlias.put(backend.backend(), backend);
        properties.put(backend.backend(), backendProperties);
    }

    public Backend get(String alias) {
        Backend backend = byAlias.get(alias);
        if (backend == null) {
            throw new IllegalArgumentException("jqueue backend '" + alias + "' is not configured; configured: "
                    + byAlias.keySet());
        }
        return backend;
    }

    public JQueue jqueue(String alias) {
        return get(alias);
    }

    public BackendProperties properties(String alias) {
        get(alias);
        return properties.get(alias);
    }

    public List<String> aliases() {
        return List.copyOf(byAlias.keySet());
    }

    public Map<String, Backend> all() {
        return Collections.unmodifiableMap(byAlias);
    }

    /** The default backend: {@code default} if configured, else the first one. */
    public Backend primary() {
        return byAlias.containsKey("default") ? byAlias.get("default") : byAlias.values().iterator().next();
    }
}
