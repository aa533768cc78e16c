package dev.jqueue.schema;

import dev.jqueue.sql.Dialect;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the engine's own migrations (one set per database family) with their own history
 * table, {@code jqueue_schema_history}, so they never meet the application's migrations.
 * A database that already holds the application's tables is baselined at version 0, so
 * every jqueue migration still runs.
 */
public final class SchemaMigrator {

    public static final String HISTORY_TABLE = "jqueue_schema_history";
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    public static Flyway flyway(DataSource dataSource, Dialect dialect) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .load();
    }

    public static void migrate(String databaseName, DataSource dataSource, Dialect dialect) {
        MigrateResult result = flyway(dataSource, dialect).migrate();
        if (result.migrationsExecuted > 0) {
            log.info("jqueue applied {} migration(s) to queue database '{}' ({}), now at version {}",
                    result.migrationsExecuted, databaseName, dialect.name(), result.targetSchemaVersion);
        }
    }

    /** Migrations not yet applied to this database. */
    public static int pending(DataSource dataSource, Dialect dialect) {
        return flyway(dataSource, dialect).info().pending().length;
    }

    /**
     * With migrations applied elsewhere ({@code jqueue.schema.migrate=false}): waits up to
     * {@code timeout} for this database to have none pending, re-checking every half second,
     * and refuses to start if some still are.
     */
    public static void awaitApplied(String databaseName, DataSource dataSource, Dialect dialect, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean announced = false;
        while (true) {
            int pending = pending(dataSource, dialect);
            if (pending == 0) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("jqueue migrations are pending on queue database '" + databaseName + "' ("
                        + pending + " pending); apply them, or start once with jqueue.schema.migrate=true");
            }
            if (!announced) {
                log.info("waiting for jqueue migrations on queue database '{}' ({} pending, up to {})", databaseName,
                        pending, timeout);
                announced = true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for jqueue migrations", e);
            }
        }
    }
}
