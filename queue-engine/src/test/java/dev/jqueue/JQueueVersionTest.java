package dev.jqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version processes report is the one the build gave the jar, so a release bump cannot forget it. */
class JQueueVersionTest {

    @Test
    void isTheProjectVersionOfTheBuild() throws Exception {
        String pom = Files.readString(Path.of("pom.xml")); // surefire runs in the module's directory
        Matcher parent = Pattern.compile("<artifactId>jqueue-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(parent.find()).as("the module's parent version in pom.xml").isTrue();
        assertThat(JQueueVersion.current()).isEqualTo(parent.group(1)).doesNotContain("@");
    }
}
