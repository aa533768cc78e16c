package dev.jqueue.console.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.schema.SchemaMigrator;
import dev.jqueue.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's users migration on every database family it runs on (SQLite, and the
 * PostgreSQL and MariaDB services, skipped with the reason when one is down): it keeps its own
 * history table beside the engine's, Hibernate validates the entity against the migrated table
 * (PostgreSQL, MariaDB),
 * and a user survives a round trip through the Spring Data repository.
 */
class ConsoleUserSchemaTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE", "POSTGRES", "MARIADB"})
    void migratesWithItsOwnHistoryAndTheEntityRoundTrips(TestDatabase database) throws SQLException {
        HikariDataSource dataSource = database.dataSource();
        dropConsoleTables(dataSource);

        ConsoleUserSchema.migrate(dataSource);
        ConsoleUserSchema.migrate(dataSource);

        assertThat(versions(dataSource, ConsoleUserSchema.HISTORY_TABLE)).containsEntry("1", "console users");
        assertThat(versions(dataSource, SchemaMigrator.HISTORY_TABLE)).as("the engine's history is its own")
                .doesNotContainValue("console users");

        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setPackagesToScan(ConsoleUser.class.getPackageName());
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        // validate: the migration and the entity agree on tables, columns and types. Not on SQLite,
        // whose auto-increment key must be declared INTEGER (64 bits there), which Hibernate calls
        // a mismatch with the entity's long; the round trip below covers it.
        factory.setJpaPropertyMap(Map.of(AvailableSettings.HBM2DDL_AUTO,
                database == TestDatabase.SQLITE ? "none" : "validate"));
        factory.afterPropertiesSet();
        try {
            var entityManager = SharedEntityManagerCreator.createSharedEntityManager(factory.getObject());
            ConsoleUserRepository repository = new JpaRepositoryFactory(entityManager).getRepository(ConsoleUserRepository.class);
            TransactionTemplate transactions = new TransactionTemplate(new JpaTransactionManager(factory.getObject()));
            Instant created = Instant.parse("2026-03-04T05:06:07.123456Z");

            transactions.executeWithoutResult(status -> repository.save(
                    new ConsoleUser("round.trip", "{bcrypt}hash", ConsoleRole.OPERATOR, created, "ada")));
            transactions.executeWithoutResult(status -> repository.findByUsername("round.trip").orElseThrow()
                    .changeEnabled(false, created.plusSeconds(60), "ada"));

            ConsoleUser read = transactions.execute(status -> repository.findByUsername("round.trip").orElseThrow());
            assertThat(read.role()).isEqualTo(ConsoleRole.OPERATOR);
            assertThat(read.enabled()).isFalse();
            assertThat(read.createdAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(created.truncatedTo(ChronoUnit.MILLIS));
            assertThat(read.updatedAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(created.plusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
            java.util.List<ConsoleUser> enabledOperators =
                    transactions.execute(status -> repository.findByRoleAndEnabledTrue(ConsoleRole.OPERATOR));
            assertThat(enabledOperators).isEmpty();
        } finally {
            factory.destroy();
            dropConsoleTables(dataSource);
        }
    }

    private static Map<String, String> versions(HikariDataSource dataSource, String historyTable) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, description FROM " + historyTable
                     + " WHERE version IS NOT NULL")) {
            Map<String, String> versions = new java.util.HashMap<>();
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getString(2));
            }
            return versions;
        }
    }

    private static void dropConsoleTables(HikariDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS jqueue_console_users");
            statement.execute("DROP TABLE IF EXISTS " + ConsoleUserSchema.HISTORY_TABLE);
        }
    }
}
