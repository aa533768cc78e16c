package dev.jqueue.console;

import dev.jqueue.console.security.ConsoleRole;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jqueue.console.*}: the console's own settings.
 *
 * @param dataDir directory of the default SQLite database file
 * @param users who may sign in; required unless the {@code demo} profile supplies its own
 * @param demo settings of the {@code demo} profile's job producer
 */
@ConfigurationProperties("jqueue.console")
public record ConsoleProperties(
        @DefaultValue("./data") String dataDir,
        List<User> users,
        @DefaultValue Demo demo) {

    public ConsoleProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * One console user.
     *
     * @param username sign-in name
     * @param password {@code {bcrypt}<hash>}; plain text only as {@code {noop}<text>}, which logs a warning
     * @param role VIEWER (read only), OPERATOR (job and queue actions) or ADMIN (everything)
     */
    public record User(String username, String password, @DefaultValue("VIEWER") ConsoleRole role) {
    }

    /**
     * @param producerInterval how often the demo producer enqueues a handful of jobs
     */
    public record Demo(@DefaultValue("2s") Duration producerInterval) {
    }
}
