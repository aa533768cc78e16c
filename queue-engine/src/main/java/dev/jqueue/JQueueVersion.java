package dev.jqueue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the jqueue jar as it was built (from the build's own metadata, not a constant
 * kept by hand): what every process writes as {@code jqueue_version} in its row, and what
 * {@code jqueue:health --require-version} compares with during a rolling upgrade.
 */
public final class JQueueVersion {

    private static final String RESOURCE = "/META-INF/jqueue/build.properties";
    private static final String CURRENT = read();

    private JQueueVersion() {
    }

    /** For example {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = JQueueVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("jqueue build metadata " + RESOURCE + " is missing from the jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            if (version.isEmpty() || version.startsWith("@")) {
                throw new IllegalStateException("jqueue build metadata " + RESOURCE + " holds no version (got '" + version
                        + "'); the jar was not built by its Maven build");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
