package dev.jqueue.examples;

import dev.jqueue.JQueueTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * A task for crash drills, on the test classpath only: it announces its pid in a file under
 * {@code $DRILL_DIR} and holds until a {@code release} file appears there.
 */
@Component
public class DrillTasks {

    @JQueueTask(name = "drill.hold")
    public String hold(String label) throws IOException, InterruptedException {
        Path dir = Path.of(System.getenv().getOrDefault("DRILL_DIR", "target/drill"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("started-" + label), String.valueOf(ProcessHandle.current().pid()));
        for (int i = 0; i < 1200 && !Files.exists(dir.resolve("release")); i++) {
            Thread.sleep(50);
        }
        return label;
    }
}
