package dev.jqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every scenario of "all" once with 50 jobs (or recurring tasks) on SQLite: the harness works end to end (a few seconds). */
class BenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void everyScenarioRunsOnSqlite() throws Exception {
        Path output = dir.resolve("smoke.jsonl");
        Options options = new Options("--db=sqlite", "--scenario=all", "--size=50", "--runs=1", "--warmups=0",
                "--shapes=1x4p4", "--pickup-jobs=50", "--pickup-polling-ms=10", "--pickup-spacing-ms=2",
                "--sqlite-dir=" + dir.resolve("db"), "--output=" + output);

        int failures = new Benchmark(options).runAll();

        assertThat(failures).isZero();
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(6);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("\"metadata\"").doesNotContain("\"error\""));
        assertThat(lines.get(0)).contains("\"scenario\":\"single-enqueue\"", "\"latency_p95_ms\"");
        assertThat(lines.get(2)).contains("\"scenario\":\"worker-drain\"", "\"jobs_per_second\"");
        assertThat(lines.get(4)).contains("\"scenario\":\"hot-key-drain\"", "\"max_concurrent\":1");
        assertThat(lines.get(5)).contains("\"scenario\":\"recurring-poll\"", "\"poll_p95_ms\"");
        assertThat(Files.readString(dir.resolve("smoke.md"))).contains("#### worker-drain", "| 50 |");
    }

    @Test
    void nearestRankPercentiles() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Percentiles.rank(sorted, 50)).isEqualTo(6); // round(4.5) = 5 -> sorted[5]
        assertThat(Percentiles.rank(sorted, 95)).isEqualTo(10);
        assertThat(Percentiles.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void drainShapesParse() {
        assertThat(Options.DrainShape.parse("2x16p4")).isEqualTo(new Options.DrainShape(2, 16, 4));
        assertThat(Options.DrainShape.parse("1x8")).isEqualTo(new Options.DrainShape(1, 8, 4));
    }
}
