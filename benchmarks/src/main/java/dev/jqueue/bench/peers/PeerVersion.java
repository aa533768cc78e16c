package dev.jqueue.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of a peer library as it is on the class path (not as the POM asked for it), read from
 * the jar itself: Maven's {@code pom.properties} where the jar has one, else its manifest.
 */
final class PeerVersion {

    private PeerVersion() {
    }

    static String of(Class<?> anyClassOfThePeer, String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = anyClassOfThePeer.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String version = p.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall back to the manifest
        }
        String version = anyClassOfThePeer.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }
}
