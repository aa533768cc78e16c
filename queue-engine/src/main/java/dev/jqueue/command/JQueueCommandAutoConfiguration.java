package dev.jqueue.command;

import dev.jqueue.backend.Backends;
import dev.jqueue.config.JQueueAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The runner of a {@code jqueue:*} command, present only when one was given on the command line. */
@AutoConfiguration(after = JQueueAutoConfiguration.class)
@ConditionalOnBean(Backends.class)
@ConditionalOnProperty(name = JQueueCommands.COMMAND_PROPERTY)
public class JQueueCommandAutoConfiguration {

    @Bean
    JQueueCommandRunner jqueueCommandRunner(Environment environment, Backends backends, ApplicationContext context) {
        return new JQueueCommandRunner(environment.getProperty(JQueueCommands.COMMAND_PROPERTY), backends, context);
    }
}
