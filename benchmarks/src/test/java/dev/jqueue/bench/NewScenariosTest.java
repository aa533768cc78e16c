package dev.jqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.recurring.CronSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hot-key-drain, recurring-poll, process-drain and {@code --finished} without a database server:
 * options, the overlap check, the recurring schedules and the finished-job SQL on SQLite.
 */
class NewScenariosTest {

    @TempDir
    Path dir;

    @Test
    void allHasTheQuickOnesAndProcessDrainIsNamed() {
        assertThat(new Options("--db=postgres").scenarios).contains(HotKeyDrain.SCENARIO, RecurringPoll.SCENARIO)
                .doesNotContain(ProcessDrain.SCENARIO);
        Options named = new Options("--db=mariadb", "--scenario=worker-drain,process-drain");
        assertThat(named.scenarios).containsExactly("worker-drain", ProcessDrain.SCENARIO);
        assertThatThrownBy(() -> new Options("--db=sqlite", "--scenario=process-drain"))
                .hasMessageContaining("postgres or mariadb");
    }

    @Test
    void defaultsAndOptions() {
        Options defaults = new Options("--db=postgres");
        assertThat(defaults.sizesFor(HotKeyDrain.SCENARIO)).containsExactly(2_000);
        assertThat(defaults.sizesFor(RecurringPoll.SCENARIO)).containsExactly(10_000);
        assertThat(defaults.sizesFor(ProcessDrain.SCENARIO)).containsExactly(10_000, 100_000);
        assertThat(defaults.polls).isEqualTo(200);
        assertThat(defaults.finished).isZero();
        assertThat(ProcessDrain.shapes(defaults)).containsExactly(new Options.DrainShape(4, 8, 4));

        Options given = new Options("--db=postgres", "--finished=1_000_000", "--polls=50", "--shapes=2x16p4");
        assertThat(given.finished).isEqualTo(1_000_000);
        assertThat(given.polls).isEqualTo(50);
        assertThat(ProcessDrain.shapes(given)).containsExactly(new Options.DrainShape(2, 16, 4));
        assertThat(new Options("--child-worker=8,4").raw).containsEntry("child-worker", "8,4");
        assertThatThrownBy(() -> new Options("--finished=-1")).hasMessageContaining("--finished");
        assertThatThrownBy(() -> new Options("--polls=0")).hasMessageContaining("--polls");
    }

    @Test
    void overlappingRunsAreCounted() {
        assertThat(HotKeyDrain.overlaps(new long[] {0, 10, 20}, new long[] {5, 15, 25}, 3)).isZero();
        assertThat(HotKeyDrain.overlaps(new long[] {20, 0, 10}, new long[] {25, 5, 15}, 3)).isZero();
        assertThat(HotKeyDrain.overlaps(new long[] {0, 4, 20}, new long[] {5, 15, 25}, 3)).isEqualTo(1);
        assertThat(HotKeyDrain.overlaps(new long[] {0, 1, 2}, new long[] {30, 3, 4}, 3)).isEqualTo(2);
    }

    @Test
    void recurringSchedulesAreYearlyDistinctAndWeeksAway() {
        for (int month = 1; month <= 12; month++) {
            Instant now = Instant.parse(String.format("2026-%02d-28T23:59:00Z", month));
            Set<String> schedules = new HashSet<>();
            for (int i = 0; i < 10_000; i += 61) {
                String schedule = RecurringPoll.yearly(i, month);
                schedules.add(schedule);
                Instant next = CronSchedule.parse(schedule).next(now).orElseThrow();
                assertThat(Duration.between(now, next)).as(schedule + " at " + now).isGreaterThan(Duration.ofDays(25));
                assertThat(CronSchedule.parse(schedule).next(next).orElseThrow()).as("yearly")
                        .isAfter(next.plus(Duration.ofDays(364)));
            }
            assertThat(schedules).hasSize((10_000 + 60) / 61);
        }
    }

    @Test
    void finishedJobsSeedOnSqlite() throws Exception {
        Options options = new Options("--db=sqlite", "--sqlite-dir=" + dir);
        BenchDatabase database = new BenchDatabase(options);
        try (HikariDataSource ds = database.open(2)) {
            BackendBuilder.on(ds).tasks(new BenchTasks()).build(); // migrates the schema
            new FinishedJobs("sqlite", 2_500).seed(ds);
            assertThat(BenchDatabase.count(ds, "SELECT COUNT(DISTINCT id) FROM jqueue_jobs WHERE finished_at IS NOT NULL"))
                    .isEqualTo(2_500);
            assertThat(BenchDatabase.count(ds, "SELECT COUNT(*) FROM jqueue_jobs WHERE length(id) = 36 "
                    + "AND length(finished_at) = 27 AND payload LIKE '{\"args\":[%]}'")).isEqualTo(2_500);
            try (var c = ds.getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT finished_at FROM jqueue_jobs ORDER BY id LIMIT 1")) {
                rs.next();
                assertThat(Instant.parse(rs.getString(1))).isBefore(Instant.now());
            }
        } finally {
            database.cleanup();
        }
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
