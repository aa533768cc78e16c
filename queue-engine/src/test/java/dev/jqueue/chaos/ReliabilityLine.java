package dev.jqueue.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * One chaos scenario's outcome, "scenario, jobs, runs, lost, doubled, stuck, time to recover":
 * printed in the test output and appended to {@code target/reliability-lines.md}, whose rows
 * are the table of docs/reliability.md.
 */
record ReliabilityLine(String scenario, String database, long jobs, long runs, long lost, long doubled, long stuck,
                       Duration recovery) {

    static final Path FILE = Path.of("target", "reliability-lines.md");

    String row() {
        return "| " + scenario + " | " + database + " | " + jobs + " | " + runs + " | " + lost + " | " + doubled + " | "
                + stuck + " | " + (recovery == null ? "n/a" : String.format(Locale.ROOT, "%.1f s",
                recovery.toMillis() / 1000.0)) + " |";
    }

    /** Nothing lost, no attempt run twice, nothing left behind. */
    ReliabilityLine assertClean() {
        org.assertj.core.api.Assertions.assertThat(lost).as(scenario + ": lost").isZero();
        org.assertj.core.api.Assertions.assertThat(doubled).as(scenario + ": doubled").isZero();
        org.assertj.core.api.Assertions.assertThat(stuck).as(scenario + ": stuck").isZero();
        return this;
    }

    void report() {
        System.out.println("[reliability] scenario, jobs, runs, lost, doubled, stuck, time to recover: " + row());
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, row() + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("[reliability] could not write " + FILE + ": " + e.getMessage());
        }
    }
}
