package dev.jqueue.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link JQueueConfigValidator} in every application that has jqueue on its
 * classpath, so unknown or invalid {@code jqueue.*} settings stop start-up before any bean is
 * created, with or without a DataSource.
 */
@AutoConfiguration
public class JQueueConfigValidation {

    @Bean
    static JQueueConfigValidator jqueueConfigValidator() {
        return new JQueueConfigValidator();
    }
}
