package dev.jqueue.console.users;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.Dialects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the console's own tables ({@code jqueue_console_users}) on the console's DataSource,
 * with one migration set per database family and a history table of their own,
 * {@code jqueue_console_schema_history}: apart from the engine's {@code jqueue_schema_history}
 * and from any application's Flyway history on the same database.
 */
public final class ConsoleUserSchema {

    public static final String HISTORY_TABLE = "jqueue_console_schema_history";
    private static final Logger log = LoggerFactory.getLogger(ConsoleUserSchema.class);

    private ConsoleUserSchema() {
    }

    /** The family's migration folder: {@code postgresql}, {@code mysql} (MySQL and MariaDB) or {@code sqlite}. */
    static String location(Dialect dialect) {
        return "classpath:dev/jqueue/console/db/" + dialect.name();
    }

    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(ConsoleUserSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(location(Dialects.detect(dataSource)))
                .table(HISTORY_TABLE)
                // The database already holds the engine's (and maybe an application's) tables.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .load();
    }

    public static void migrate(DataSource dataSource) {
        MigrateResult result = flyway(dataSource).migrate();
        if (result.migrationsExecuted > 0) {
            log.info("jqueue console applied {} migration(s) to its database, now at version {}",
                    result.migrationsExecuted, result.targetSchemaVersion);
        }
    }
}
