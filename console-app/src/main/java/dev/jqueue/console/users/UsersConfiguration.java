package dev.jqueue.console.users;

import dev.jqueue.console.ConsoleProperties;
import dev.jqueue.console.actions.AuditedActions;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The users table (migrated first), the directory Spring Security signs in against, and the admin service. */
@Configuration(proxyBeanMethods = false)
class UsersConfiguration {

    /** Marks that {@code jqueue_console_users} exists; whatever reads the table depends on it. */
    record MigratedUserSchema() {
    }

    @Bean
    MigratedUserSchema consoleUserSchema(DataSource dataSource) {
        ConsoleUserSchema.migrate(dataSource);
        return new MigratedUserSchema();
    }

    @Bean
    ConsoleUserDirectory consoleUserDirectory(MigratedUserSchema schema, ConsoleProperties properties,
                                              ConsoleUserRepository repository) {
        return new ConsoleUserDirectory(properties, repository);
    }

    @Bean
    ConsoleUserAdmin consoleUserAdmin(ConsoleUserRepository repository, ConsoleUserDirectory directory,
                                      PasswordEncoder encoder, AuditedActions audited,
                                      PlatformTransactionManager transactionManager, SessionRegistry sessionRegistry) {
        return new ConsoleUserAdmin(repository, directory, encoder, audited, new TransactionTemplate(transactionManager),
                new SignedInSessions(sessionRegistry), Clock.systemUTC());
    }
}
