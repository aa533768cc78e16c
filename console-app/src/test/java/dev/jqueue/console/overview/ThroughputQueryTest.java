package dev.jqueue.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueueTask;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.console.ui.SvgChart.Point;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-minute finished and failed counts on SQLite and on the PostgreSQL and MariaDB services
 * of the machine, each a migrated, emptied {@link TestDatabase} (skipped with the reason when a
 * server is down, unless {@code JQUEUE_TEST_DATABASES=require} or
 * {@code -Djqueue.test.databases=require}): same SQL everywhere, times bound
 * through each dialect, other backends' jobs left out.
 */
class ThroughputQueryTest {

    private static final Instant NOON = Instant.parse("2026-05-01T12:00:00Z");

    public static class Work {
        @JQueueTask(name = "throughput.work")
        public String work(int n) {
            return "done " + n;
        }
    }

    /** A clock the test sets. */
    static final class SetClock extends Clock {
        Instant now = NOON;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void countsFinishedAndFailedJobsPerMinuteOfOneBackend(TestDatabase db) {
        HikariDataSource pool = db.dataSource();
        SetClock clock = new SetClock();
        Backend backend = BackendBuilder.on(pool).migrate(true).clock(clock).tasks(new Work()).build();
        Backend other = BackendBuilder.on(pool).alias("other").clock(clock).tasks(new Work()).build();

        clock.now = NOON.plusSeconds(30);
        run(backend, 3, 2);  // 12:00:30 — two finish, one fails
        run(other, 4, 4);    // another backend on the same tables: not counted
        clock.now = NOON.plusSeconds(2 * 60 + 10);
        run(backend, 1, 1);  // 12:02:10 — one finishes

        Throughput window = ThroughputQuery.read(backend.context(), NOON, NOON.plusSeconds(180));
        assertThat(window.finished()).extracting(Point::value).containsExactly(2.0, 0.0, 1.0);
        assertThat(window.failed()).extracting(Point::value).containsExactly(1.0, 0.0, 0.0);
        assertThat(window.finished()).extracting(Point::at)
                .containsExactly(NOON, NOON.plusSeconds(60), NOON.plusSeconds(120));
        assertThat(window.totalFinished()).isEqualTo(3);
        assertThat(window.totalFailed()).isEqualTo(1);

        // The last hour, in whole minutes up to the current one (12:02 → 11:03 .. 12:03).
        Backends backends = new Backends();
        backends.add(backend, BackendProperties.defaults());
        Throughput hour = new ThroughputQuery(backends).lastHour("default");
        assertThat(hour.to()).isEqualTo(NOON.plusSeconds(180));
        assertThat(hour.from()).isEqualTo(NOON.minusSeconds(57 * 60));
        assertThat(hour.finished()).hasSize(60);
        assertThat(hour.totalFinished()).isEqualTo(3);
        assertThat(hour.finished().get(57).value()).isEqualTo(2.0);
        assertThat(hour.failed().get(57).value()).isEqualTo(1.0);
    }

    /** Enqueues {@code n} jobs, claims them, finishes {@code finish} and fails the rest. */
    private static void run(Backend backend, int n, int finish) {
        for (int i = 0; i < n; i++) {
            backend.enqueue(EnqueueOptions.onQueue("throughput"), "throughput.work", i);
        }
        List<Job> claimed = backend.claim.claim(null, QueueSelector.ALL, n);
        assertThat(claimed).hasSize(n);
        backend.completion.complete(claimed.subList(0, finish).stream()
                .map(job -> new ClaimedExecution.Completion(job.id(), "\"ok\"")).toList());
        for (Job job : claimed.subList(finish, n)) {
            backend.completion.failWith(job.id(), new IllegalStateException("broken"));
        }
    }
}
