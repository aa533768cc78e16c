package dev.jqueue.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Database containers for {@link TestDatabase}: one per entry, started on first use and left to
 * Testcontainers' reaper at the end of the JVM. Every method is safe to call in a module whose
 * test classpath lacks Testcontainers (the console's): Docker then counts as unavailable.
 */
final class TestContainers {

    /** Where a started container answers. */
    record Endpoint(String jdbcUrl, String user, String password) {
    }

    private static final Map<TestDatabase, Endpoint> STARTED = new ConcurrentHashMap<>();
    private static volatile Boolean docker;

    private TestContainers() {
    }

    /** Whether Testcontainers is on the classpath and finds a Docker engine (asked once). */
    static boolean dockerAvailable() {
        Boolean known = docker;
        if (known == null) {
            boolean available;
            try {
                Class.forName("org.testcontainers.DockerClientFactory", false, TestContainers.class.getClassLoader());
                available = Probe.available();
            } catch (ClassNotFoundException | LinkageError e) {
                available = false;
            }
            docker = known = available;
        }
        return known;
    }

    static Endpoint start(TestDatabase database, String image) {
        return STARTED.computeIfAbsent(database, db -> Probe.start(db, image));
    }

    /** Touches Testcontainers classes only when called, so the outer class loads without them. */
    private static final class Probe {
        static boolean available() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @SuppressWarnings("resource") // stopped by the reaper when the JVM ends
        static Endpoint start(TestDatabase database, String image) {
            JdbcDatabaseContainer<?> container = switch (database.family()) {
                case POSTGRESQL -> new PostgreSQLContainer(image);
                case MYSQL -> image.startsWith("mariadb") ? new MariaDBContainer(image) : new MySQLContainer(image);
                case SQLITE -> throw new IllegalArgumentException("SQLite needs no container");
            };
            container.start();
            String url = container.getJdbcUrl();
            if (database == TestDatabase.MARIADB_VIA_CONNECTOR_J) {
                url = url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
            }
            return new Endpoint(url, container.getUsername(), container.getPassword());
        }
    }
}
