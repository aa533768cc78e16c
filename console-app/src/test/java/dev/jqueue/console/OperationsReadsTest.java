package dev.jqueue.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.Concurrency;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueueTask;
import dev.jqueue.JobState;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.console.failed.FailedJobReads;
import dev.jqueue.console.processes.ProcessReads;
import dev.jqueue.console.semaphores.SemaphoreReads;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch.FailedGroup;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plain SQL behind the operations pages (semaphores page by page, the process tree with held
 * jobs, failed groups whose task paths overlap) on every database the console runs on: SQLite,
 * and the PostgreSQL and MariaDB services on 127.0.0.1, each a migrated, emptied
 * {@link TestDatabase} (skipped with the reason when a server is down, unless
 * {@code JQUEUE_TEST_DATABASES=require} or {@code -Djqueue.test.databases=require}).
 */
class OperationsReadsTest {

    /** Tasks whose jobs the reads look at; none of them ever runs here. */
    public static class ReadTasks {
        @JQueueTask(name = "reads.limited", concurrency = @Concurrency(key = "limit:{account}", limit = 1))
        public void limited(String account) {
        }

        @JQueueTask(name = "reads.send")
        public void send(String to) {
        }

        @JQueueTask(name = "reads.sendAll")
        public void sendAll(String to) {
        }
    }

    private static Backends backends(TestDatabase db) {
        HikariDataSource pool = db.dataSource();
        Backend backend = BackendBuilder.on(pool).migrate(true).tasks(new ReadTasks()).build();
        Backends backends = new Backends();
        backends.add(backend, BackendProperties.defaults());
        return backends;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void semaphoresArePagedSortedAndFilteredWithTheirBlockedWaiters(TestDatabase db) {
        Backends backends = backends(db);
        Backend backend = backends.get("default");
        for (int i = 0; i < 3; i++) {
            backend.enqueue("reads.limited", "acme");
        }
        backend.enqueue("reads.limited", "globex");
        SemaphoreReads reads = new SemaphoreReads(backends);

        List<SemaphoreReads.SemaphoreRow> byKey = reads.page("default", null, "key", false, 0, 10);
        assertThat(byKey).extracting(SemaphoreReads.SemaphoreRow::key).containsExactly("limit:acme", "limit:globex");
        SemaphoreReads.SemaphoreRow acme = byKey.getFirst();
        assertThat(List.of(acme.active(), acme.available(), acme.limit(), acme.waiters())).containsExactly(1L, 0L, 1L, 2L);
        assertThat(acme.expiresAt()).isNotNull();
        assertThat(reads.page("default", null, "waiters", true, 0, 1)).extracting(SemaphoreReads.SemaphoreRow::key)
                .containsExactly("limit:acme");
        assertThat(reads.page("default", null, "waiters", false, 0, 10)).extracting(SemaphoreReads.SemaphoreRow::key)
                .containsExactly("limit:globex", "limit:acme");
        assertThat(reads.page("default", null, "key", false, 1, 10)).hasSize(1);
        assertThat(reads.page("default", "GLOB", "key", false, 0, 10)).extracting(SemaphoreReads.SemaphoreRow::key)
                .containsExactly("limit:globex");
        assertThat(reads.count("default", null)).isEqualTo(2);
        assertThat(reads.count("default", "100%_")).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void processesComeWithTheirSupervisorLivenessDrainingStateAndHeldJobs(TestDatabase db) {
        Backends backends = backends(db);
        Backend backend = backends.get("default");
        var rows = backend.context().processes;
        var now = backend.context().now();
        long supervisor = rows.register("Supervisor", "supervisor-1", 4242, "host-a", "{\"mode\":\"async\"}", null, now);
        long worker = rows.register("Worker", "worker-1", 4242, "host-a",
                "{\"queues\":[\"*\"],\"shutdown_state\":\"draining\",\"active_jobs\":1}", supervisor, now);
        long stale = rows.register("Worker", "worker-old", 17, "host-b", "{}", null, now);
        rows.heartbeat(List.of(stale), now.minus(Duration.ofHours(1)));
        UUID held = backend.enqueue("reads.send", "someone").id();
        List<Job> claimed = backend.claim.claim(worker, QueueSelector.ALL, 1);
        assertThat(claimed).extracting(Job::id).containsExactly(held);

        ProcessReads.Processes processes = new ProcessReads(backends).processes("default");

        assertThat(processes.rows()).hasSize(3);
        ProcessReads.ProcessRow workerRow = processes.rows().stream().filter(p -> p.id() == worker).findFirst().orElseThrow();
        assertThat(workerRow.supervisorId()).isEqualTo(supervisor);
        assertThat(workerRow.kind()).isEqualTo("Worker");
        assertThat(workerRow.hostname()).isEqualTo("host-a");
        assertThat(workerRow.pid()).isEqualTo(4242);
        assertThat(workerRow.live()).isTrue();
        assertThat(workerRow.shutdownState()).isEqualTo("draining");
        assertThat(workerRow.activeJobs()).isEqualTo("1");
        assertThat(workerRow.claimedJobs()).isEqualTo(1);
        assertThat(workerRow.metadataJson()).contains("queues");
        assertThat(processes.claimed(worker)).extracting(ProcessReads.ClaimedJob::jobId).containsExactly(held);
        assertThat(new ProcessReads(backends).claimedJobs("default", worker)).singleElement()
                .satisfies(job -> {
                    assertThat(job.taskPath()).isEqualTo("reads.send");
                    assertThat(job.queueName()).isEqualTo("default");
                });
        ProcessReads.ProcessRow staleRow = processes.rows().stream().filter(p -> p.id() == stale).findFirst().orElseThrow();
        assertThat(staleRow.live()).isFalse();
        assertThat(staleRow.heartbeatAge()).isGreaterThan(Duration.ofMinutes(59));
        assertThat(staleRow.supervisorId()).isNull();
        assertThat(processes.unownedClaims()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedGroupWhosePathIsPartOfAnotherListsAndActsOnItsOwnJobsOnly(TestDatabase db) {
        Backends backends = backends(db);
        Backend backend = backends.get("default");
        List<UUID> send = failed(backend, "reads.send", 2);
        List<UUID> sendAll = failed(backend, "reads.sendAll", 3);
        FailedJobReads reads = new FailedJobReads(backends);
        JobFilter page = FailedJobReads.pageFilter(null, null, null);

        List<FailedGroup> groups = reads.groups("default", page);
        assertThat(groups).extracting(FailedGroup::taskPath, FailedGroup::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reads.sendAll", 3L),
                        org.assertj.core.groups.Tuple.tuple("reads.send", 2L));

        FailedJobReads.GroupScope sendScope = reads.scope("default", page, groups.get(1));
        assertThat(sendScope.exact()).as("the group's task is matched exactly, not as a substring of 'reads.sendAll'")
                .isTrue();
        assertThat(reads.ids(sendScope)).containsExactlyInAnyOrderElementsOf(send);
        assertThat(reads.rows(sendScope, null, 0, 10)).extracting(JobRow::taskPath).containsOnly("reads.send").hasSize(2);
        assertThat(reads.rows(sendScope, null, 1, 10)).hasSize(1);

        FailedJobReads.GroupScope sendAllScope = reads.scope("default", page, groups.get(0));
        assertThat(sendAllScope.exact()).isTrue();
        assertThat(reads.rows(sendAllScope, null, 0, 10)).extracting(JobRow::id).containsExactlyInAnyOrderElementsOf(sendAll);
        assertThat(reads.lastError(sendAllScope)).get().satisfies(error -> {
            assertThat(error.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.message()).isEqualTo("broken reads.sendAll");
            assertThat(error.stackTrace()).contains("IllegalStateException");
        });
    }

    private static List<UUID> failed(Backend backend, String task, int n) {
        String queue = "q-" + task;
        for (int i = 0; i < n; i++) {
            backend.enqueue(EnqueueOptions.onQueue(queue), task, "to-" + i);
        }
        List<Job> claimed = backend.claim.claim(null, QueueSelector.parse(List.of(queue)), n);
        for (Job job : claimed) {
            backend.completion.failWith(job.id(), new IllegalStateException("broken " + task));
        }
        claimed.forEach(job -> assertThat(backend.getResult(job.id()).state()).isEqualTo(JobState.FAILED));
        return claimed.stream().map(Job::id).toList();
    }
}
