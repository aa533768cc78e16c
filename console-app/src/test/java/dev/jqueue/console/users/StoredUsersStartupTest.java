package dev.jqueue.console.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.console.ConsoleApplication;
import dev.jqueue.console.TestDataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * Once an admin is stored in {@code jqueue_console_users}, the bootstrap users may go: the
 * console starts without {@code jqueue.console.users} and that admin signs in.
 */
class StoredUsersStartupTest {

    @Test
    void aConsoleWithOnlyStoredUsersStartsAndTheySignIn() throws Exception {
        String dir = TestDataDirectory.fresh("stored-users-only");
        Files.createDirectories(Path.of(dir));
        DriverManagerDataSource file = new DriverManagerDataSource("jdbc:sqlite:" + dir + "/jqueue-console.db");
        ConsoleUserSchema.migrate(file);
        try (Connection connection = file.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO jqueue_console_users (username, password_hash, role, enabled, created_at, updated_at, updated_by)"
                        + " VALUES ('keeper', ?, 'ADMIN', 1, 0, 0, 'setup')")) {
            insert.setString(1, PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("the keeper's password"));
            insert.executeUpdate();
        }

        try (ConfigurableApplicationContext console = new SpringApplicationBuilder(ConsoleApplication.class)
                .properties("server.port=0", "jqueue.console.data-dir=" + dir).run()) {
            var manager = console.getBean(AuthenticationConfiguration.class).getAuthenticationManager();
            var signedIn = manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("keeper",
                    "the keeper's password"));

            assertThat(signedIn.getAuthorities()).extracting(Object::toString).contains("ROLE_ADMIN");
        }
    }
}
