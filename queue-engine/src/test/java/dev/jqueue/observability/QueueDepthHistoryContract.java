package dev.jqueue.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.testing.MutableClock;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestSql;
import dev.jqueue.testing.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The depth history in the queue database, the same on every database (a subclass per database):
 * two consoles sampling the same bucket keep one row per queue, a console started later reads
 * what an earlier one wrote, and samples older than a day go.
 */
abstract class QueueDepthHistoryContract {

    protected abstract TestDatabase database();

    static final Instant T0 = Instant.parse("2026-12-04T10:00:10Z");
    HikariDataSource dataSource;
    MutableClock clock;
    Backend backend;

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        clock = new MutableClock(T0);
        backend = BackendBuilder.on(dataSource).migrate(false).clock(clock).tasks(new TestTasks()).build();
    }

    @Test
    void consolesSamplingOneBucketWriteOneRowAndALaterConsoleReadsTheHistory() {
        backend.enqueue(EnqueueOptions.onQueue("email"), "test.echo", "a");
        backend.enqueue(EnqueueOptions.onQueue("email").runAfter(Duration.ofHours(1)), "test.echo", "b");
        backend.enqueue(EnqueueOptions.onQueue("reports"), "test.echo", "c");
        QueueDepthHistory first = new QueueDepthHistory(backend, Duration.ofSeconds(30));
        QueueDepthHistory second = new QueueDepthHistory(backend, Duration.ofSeconds(30));
        first.record(clock.instant(), backend.stats());
        clock.set(T0.plusSeconds(5)); // the same 30 s bucket, seen by another console
        backend.enqueue(EnqueueOptions.onQueue("email"), "test.echo", "d");
        second.record(clock.instant(), backend.stats());
        assertThat(TestSql.count(dataSource, "SELECT COUNT(*) FROM jqueue_queue_depth_samples")).isEqualTo(2);

        clock.set(T0.plusSeconds(40)); // the next bucket
        second.record(clock.instant(), backend.stats());

        List<QueueDepthHistory.Sample> history = new QueueDepthHistory(backend, Duration.ofSeconds(30))
                .since(T0.minus(Duration.ofHours(1)));
        assertThat(history).extracting(QueueDepthHistory.Sample::at)
                .containsExactly(Instant.parse("2026-12-04T10:00:00Z"), Instant.parse("2026-12-04T10:00:30Z"));
        assertThat(history.getFirst().depthByQueue()).as("the first console's sample: ready + scheduled")
                .containsEntry("email", 2L).containsEntry("reports", 1L);
        assertThat(history.getLast().depthByQueue()).containsEntry("email", 3L);
        assertThat(history.getLast().total()).isEqualTo(4);
    }

    @Test
    void samplesOlderThanADayAreDeletedByTheNextWrite() {
        backend.enqueue(EnqueueOptions.onQueue("email"), "test.echo", "a");
        QueueDepthHistory history = new QueueDepthHistory(backend, Duration.ofSeconds(30));
        history.record(clock.instant(), backend.stats());
        clock.set(T0.plus(QueueDepthHistory.KEPT).plus(Duration.ofMinutes(1)));
        history.record(clock.instant(), backend.stats());
        assertThat(history.since(T0.minus(Duration.ofDays(7)))).extracting(QueueDepthHistory.Sample::at)
                .containsExactly(history.bucket(clock.instant()));
    }
}
