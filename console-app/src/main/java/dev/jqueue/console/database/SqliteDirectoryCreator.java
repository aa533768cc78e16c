package dev.jqueue.console.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Creates the directory of a SQLite database file before the DataSource opens it: SQLite
 * creates a missing file but not a missing directory, and the console's zero-setup default
 * lives in {@code ./data}, which a fresh clone does not have.
 */
public class SqliteDirectoryCreator implements EnvironmentPostProcessor {

    private static final String PREFIX = "jdbc:sqlite:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        Path file = databaseFile(url);
        if (file == null || file.getParent() == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of the SQLite database " + file
                    + " (spring.datasource.url=" + url + ")", e);
        }
    }

    /** The file a SQLite JDBC URL points at, or null for other databases and in-memory SQLite. */
    static Path databaseFile(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return null;
        }
        String location = url.substring(PREFIX.length());
        int query = location.indexOf('?');
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.isBlank() || location.startsWith(":memory:") || location.startsWith(":resource:")) {
            return null;
        }
        return Path.of(location);
    }
}
