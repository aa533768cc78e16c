package dev.jqueue.contract;

import static dev.jqueue.testing.TestSql.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueError;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.reads.JobDetails;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.MutableClock;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.UniqueTasks;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unique jobs ({@code @Unique}) on every database (a subclass per database): a duplicate enqueue
 * returns the holder and says so, each scope releases the key when it says, the period bounds
 * it, enqueueAll and enqueueOnCommit deduplicate too, concurrent enqueuers of one key get one
 * job, and a bad declaration is refused at enqueue with nothing written.
 */
abstract class UniqueContract {

    protected abstract TestDatabase database();

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HikariDataSource dataSource;
    MutableClock clock;
    Backend jqueue;

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        clock = new MutableClock(T0);
        jqueue = BackendBuilder.on(dataSource).migrate(false).clock(clock).tasks(new UniqueTasks()).build();
    }

    long jobs(String task) {
        return count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs WHERE task_path = ?", task);
    }

    Job claimOne() {
        return jqueue.claim.claim(null, QueueSelector.ALL, 1).getFirst();
    }

    @Test
    void aDuplicateReturnsTheHolderAndSaysSo() {
        TaskResult first = jqueue.enqueue("unique.report", 7L);
        TaskResult duplicate = jqueue.enqueue(UniqueTasks.class, t -> t.report(7));
        TaskResult other = jqueue.enqueue("unique.report", 8L);

        assertThat(first.deduplicated()).isFalse();
        assertThat(duplicate.deduplicated()).isTrue();
        assertThat(duplicate.id()).isEqualTo(first.id());
        assertThat(duplicate.state()).isEqualTo(JobState.READY);
        assertThat(other.deduplicated()).isFalse();
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(jobs("unique.report")).isEqualTo(2);
        assertThat(jqueue.getResult(first.id()).deduplicated()).as("a read result is just the job").isFalse();
        assertThat(new JobDetails(jqueue).find(first.id()).orElseThrow().uniqueKey()).as("the job page's key")
                .isEqualTo("report:7");
        assertThat(new JobDetails(jqueue).find(other.id()).orElseThrow().uniqueKey()).isEqualTo("report:8");
        assertThat(new JobSearch(jqueue.context()).search(JobFilter.none().withUniqueKey("report:7"), null, 0, 10).rows())
                .as("the jobs search's unique-key filter finds the holder").extracting(JobRow::id).containsExactly(first.id());
        assertThat(new JobSearch(jqueue.context()).search(JobFilter.none().withUniqueKey("report:9"), null, 0, 10).rows())
                .isEmpty();
    }

    @Test
    void untilStartedReleasesTheKeyWhenAWorkerClaimsTheJob() {
        TaskResult scheduled = jqueue.enqueue(EnqueueOptions.onQueue("reports").runAfter(Duration.ofHours(1)), "unique.report", 1L);
        assertThat(jqueue.enqueue("unique.report", 1L).id()).as("scheduled still holds").isEqualTo(scheduled.id());
        jqueue.jobs().runNow(scheduled.id());
        claimOne();
        TaskResult afterStart = jqueue.enqueue("unique.report", 1L);
        assertThat(afterStart.deduplicated()).isFalse();
        assertThat(afterStart.id()).isNotEqualTo(scheduled.id());
    }

    @Test
    void queuedHoldsOnlyWhileTheJobWaitsToRunNow() {
        TaskResult later = jqueue.enqueue(EnqueueOptions.onQueue("default").runAfter(Duration.ofHours(1)), "unique.queued", 1L);
        TaskResult now = jqueue.enqueue("unique.queued", 1L);
        assertThat(now.deduplicated()).as("a job for later does not hold a QUEUED key").isFalse();
        assertThat(jqueue.enqueue("unique.queued", 1L).id()).isEqualTo(now.id());
        assertThat(later.id()).isNotEqualTo(now.id());
    }

    @Test
    void untilFinishedHoldsWhileTheJobRunsAndReleasesItWhenItFinishes() {
        TaskResult first = jqueue.enqueue("unique.finished", 1L);
        Job running = claimOne();
        assertThat(jqueue.enqueue("unique.finished", 1L).id()).as("running still holds").isEqualTo(first.id());
        jqueue.completion.complete(List.of(new ClaimedExecution.Completion(running.id(), "null")));
        TaskResult next = jqueue.enqueue("unique.finished", 1L);
        assertThat(next.deduplicated()).isFalse();
        assertThat(jobs("unique.finished")).isEqualTo(2);
    }

    @Test
    void thePeriodEndsAHoldEvenWhileTheScopeWouldKeepIt() {
        TaskResult first = jqueue.enqueue("unique.period", 1L);
        clock.set(T0.plus(Duration.ofMinutes(9)));
        assertThat(jqueue.enqueue("unique.period", 1L).id()).isEqualTo(first.id());
        clock.set(T0.plus(Duration.ofMinutes(10)));
        TaskResult after = jqueue.enqueue("unique.period", 1L);
        assertThat(after.deduplicated()).isFalse();
        assertThat(jqueue.getResult(first.id()).state()).as("the old job is untouched").isEqualTo(JobState.READY);
        clock.set(T0.plus(Duration.ofMinutes(15)));
        assertThat(jqueue.enqueue("unique.period", 1L).id()).as("the new job holds for its own period").isEqualTo(after.id());
    }

    @Test
    void enqueueAllAndEnqueueOnCommitDeduplicateToo() {
        TaskResult held = jqueue.enqueue("unique.report", 3L);
        List<TaskResult> batch = jqueue.enqueueAll(List.of(EnqueueRequest.of("unique.report", 5L),
                EnqueueRequest.of("unique.report", 5L), EnqueueRequest.of("unique.report", 3L),
                EnqueueRequest.of("unique.queued", 9L)));
        assertThat(batch).extracting(TaskResult::deduplicated).containsExactly(false, true, true, false);
        assertThat(batch.get(1).id()).as("the same key twice in one call").isEqualTo(batch.get(0).id());
        assertThat(batch.get(2).id()).isEqualTo(held.id());
        assertThat(jobs("unique.report")).isEqualTo(2);

        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        transactions.executeWithoutResult(status -> jqueue.enqueueOnCommit(EnqueueRequest.of("unique.report", 5L)));
        transactions.executeWithoutResult(status -> jqueue.enqueueOnCommit(EnqueueRequest.of("unique.report", 6L)));
        assertThat(jobs("unique.report")).as("5 deduplicated after commit, 6 new").isEqualTo(3);
    }

    @Test
    void concurrentEnqueuersOfOneKeyGetOneJob() throws Exception {
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TaskResult>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return jqueue.enqueue("unique.report", 42L);
                }));
            }
            start.countDown();
            Set<UUID> ids = new HashSet<>();
            int created = 0;
            for (Future<TaskResult> future : futures) {
                TaskResult result = future.get(60, TimeUnit.SECONDS);
                ids.add(result.id());
                created += result.deduplicated() ? 0 : 1;
            }
            assertThat(ids).as("every caller got the one job").hasSize(1);
            assertThat(created).isEqualTo(1);
            assertThat(jobs("unique.report")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBadDeclarationIsRefusedAtEnqueueWithNothingWritten() {
        assertThatThrownBy(() -> jqueue.enqueue("unique.badKey", 1L)).isInstanceOf(EnqueueError.class)
                .hasMessage("could not resolve unique_key");
        assertThatThrownBy(() -> jqueue.enqueue("unique.badPeriod", 1L)).isInstanceOf(EnqueueError.class)
                .hasMessage("unique period must be a positive duration such as 10m (got 'soon')");
        assertThatThrownBy(() -> jqueue.enqueueAll(List.of(EnqueueRequest.of("unique.report", 1L),
                EnqueueRequest.of("unique.badKey", 1L)))).hasMessage("call 2 of 2: could not resolve unique_key");
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs")).isZero();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM jqueue_unique_keys")).isZero();
    }
}
