package dev.jqueue.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A per-test-class SQLite data directory under target/, emptied before the class starts. */
public final class TestDataDirectory {

    private TestDataDirectory() {
    }

    /** Deletes {@code target/test-data/<name>} and returns its path relative to the module. */
    public static String fresh(String name) {
        Path dir = Path.of("target", "test-data", name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(TestDataDirectory::delete);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.toString();
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
