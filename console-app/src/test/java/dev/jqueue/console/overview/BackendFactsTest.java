package dev.jqueue.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.JQueueProperties;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overview's facts report the backend's real settings, not what the database could do. */
class BackendFactsTest {

    static BackendDirectory directory(BackendProperties properties, boolean useSkipLocked) {
        Backend backend = BackendBuilder.on(TestDatabase.POSTGRES.dataSource()).migrate(false)
                .settings(new BackendContext.Settings(List.of(), true, false, Duration.ofSeconds(180), true, useSkipLocked))
                .build();
        Backends backends = new Backends();
        backends.add(backend, properties);
        JQueueProperties jqueue = new JQueueProperties(Map.of("default", properties),
                new JQueueProperties.Embedded(false, "default", false, false, false, false, null, null),
                new JQueueProperties.Schema(false), new JQueueProperties.Observability(null));
        return new BackendDirectory(backends, jqueue, new dev.jqueue.observability.JQueueObservability(backends,
                tools.jackson.databind.json.JsonMapper.builder().build()));
    }

    @Test
    void skipLockedIsTheConfiguredSetting() {
        assertThat(directory(BackendProperties.defaults(), true).facts("default").skipLocked()).isEqualTo("on");
        assertThat(directory(BackendProperties.defaults().withUseSkipLocked(false), false).facts("default").skipLocked())
                .isEqualTo("off");
    }
}
