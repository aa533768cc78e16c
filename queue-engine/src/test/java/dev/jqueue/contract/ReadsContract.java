package dev.jqueue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.EnqueueOptions;
import dev.jqueue.JobState;
import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.reads.JobDetail;
import dev.jqueue.reads.JobDetails;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch;
import dev.jqueue.reads.JobSort;
import dev.jqueue.reads.Page;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.testing.LimitedTasks;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's read model: filtered, sorted, capped job lists, failed groups, details, audit. */
abstract class ReadsContract {

    protected abstract TestDatabase database();

    Backend jqueue;
    JobSearch search;

    @BeforeEach
    void setUp() {
        jqueue = BackendBuilder.on(database().dataSource()).tasks(new TestTasks(), new LimitedTasks()).migrate(false).build();
        search = new JobSearch(jqueue.context(), 3);
    }

    List<String> values(Page<JobRow> page) {
        return page.rows().stream().map(row -> argument(row.id())).toList();
    }

    String argument(UUID id) {
        return new JobDetails(jqueue).find(id).orElseThrow().argumentsJson().replaceAll("[\\s\\[\\]\"]", "");
    }

    @Test
    void listsFilterByStateAndKeepEachStatesDefaultOrder() {
        jqueue.enqueue(EnqueueOptions.defaults().priority(1), "test.echo", "low");
        jqueue.enqueue(EnqueueOptions.defaults().priority(9), "test.echo", "high");
        jqueue.enqueue(EnqueueOptions.onQueue("mail"), "test.echo", "<b>mail</b>");
        UUID failing = jqueue.enqueue(EnqueueOptions.onQueue("other"), "test.fail", "boom").id();
        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.parse(List.of("other")), 1);
        jqueue.completion.failWith(claimed.getFirst().id(), new IllegalStateException("boom"));

        Page<JobRow> ready = search.search(JobFilter.state(JobState.READY), null, 0, 50);
        assertThat(values(ready)).containsExactly("high", "low", "<b>mail</b>");
        assertThat(ready.total().value()).isEqualTo(3);
        assertThat(ready.total().atLeast()).isFalse();

        Page<JobRow> failed = search.search(JobFilter.state(JobState.FAILED), null, 0, 50);
        assertThat(failed.rows()).extracting(JobRow::id).containsExactly(failing);
        assertThat(failed.rows().getFirst().exceptionClass()).isEqualTo("java.lang.IllegalStateException");

        assertThat(values(search.search(JobFilter.none().withArgumentText("<B>MAIL"), null, 0, 50))).containsExactly("<b>mail</b>");
        assertThat(values(search.search(JobFilter.none().withQueue("default"), JobSort.parse("-priority"), 0, 50)))
                .containsExactly("high", "low");
        assertThat(values(search.search(JobFilter.state(JobState.READY), JobSort.parse("priority"), 0, 1)))
                .containsExactly("<b>mail</b>");
        assertThat(search.search(JobFilter.none().withJobId(failing), null, 0, 5).rows()).hasSize(1);
        assertThat(search.search(JobFilter.none().withCreated(Instant.now().plusSeconds(60), null), null, 0, 5).rows()).isEmpty();
    }

    @Test
    void countsStopAtTheLimitAndSayItIsALowerBound() {
        for (int i = 0; i < 5; i++) {
            jqueue.enqueue("test.echo", "n" + i);
        }
        Page<JobRow> page = search.search(JobFilter.none(), null, 0, 2);
        assertThat(page.rows()).hasSize(2);
        assertThat(page.total().atLeast()).isTrue();
        assertThat(page.total().toString()).isEqualTo("3+");
        assertThat(search.ids(JobFilter.state(JobState.READY), 100)).hasSize(5);
    }

    @Test
    void failedJobsGroupByExceptionAndTaskAndDetailsShowThePolicy() {
        for (int i = 0; i < 3; i++) {
            jqueue.enqueue("test.fail", "x" + i);
        }
        jqueue.enqueue("limited", 4L, "limited");
        for (Job job : jqueue.claim.claim(null, QueueSelector.ALL, 10)) {
            if (job.taskPath().equals("test.fail")) {
                jqueue.completion.failWith(job.id(), new IllegalStateException("boom"));
            } else {
                jqueue.completion.failWith(job.id(), new IllegalArgumentException("bad"));
            }
        }
        List<JobSearch.FailedGroup> groups = search.failedGroups(JobFilter.none());
        assertThat(groups).extracting(g -> g.exceptionClass() + " " + g.taskPath() + " " + g.count()).containsExactly(
                "java.lang.IllegalStateException test.fail 3", "java.lang.IllegalArgumentException limited 1");
        UUID limited = search.ids(JobFilter.state(JobState.FAILED).withExceptionClass("java.lang.IllegalArgumentException"), 10)
                .getFirst();
        JobDetail detail = new JobDetails(jqueue).find(limited).orElseThrow();
        assertThat(detail.concurrencyKey()).isEqualTo("account:4");
        assertThat(detail.concurrencyLimit()).isEqualTo(1);
        assertThat(detail.result().state()).isEqualTo(JobState.FAILED);
        assertThat(detail.argumentsJson()).contains("4", "\"limited\"");
    }

    void finish(String queue, int count) {
        for (int i = 0; i < count; i++) {
            jqueue.enqueue(EnqueueOptions.onQueue(queue), "test.echo", queue + i);
        }
        List<Job> claimed = jqueue.claim.claim(null, QueueSelector.parse(List.of(queue)), count);
        jqueue.completion.complete(claimed.stream()
                .map(job -> new dev.jqueue.state.ClaimedExecution.Completion(job.id(), "null")).toList());
    }

    void addFailedRow(UUID job) {
        try (java.sql.Connection connection = jqueue.context().db.dataSource().getConnection();
             java.sql.PreparedStatement ps = connection.prepareStatement("INSERT INTO jqueue_failed_executions "
                     + "(job_id, exception_class, message, traceback, created_at) VALUES (?, 'X', '', '', ?)")) {
            jqueue.context().dialect.setUuid(ps, 1, job);
            jqueue.context().dialect.setInstant(ps, 2, Instant.now());
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void observedStatsCapTheFinishedCountPerQueueAndLeaveTheInvalidStateToTheCheck() {
        finish("mail", 3);
        finish("reports", 1);
        UUID broken = jqueue.enqueue(EnqueueOptions.onQueue("mail"), "test.echo", "broken").id();
        addFailedRow(broken); // ready and failed at once: invalid
        UUID failing = jqueue.enqueue(EnqueueOptions.onQueue("reports"), "test.fail", "boom").id();
        jqueue.claim.claim(null, QueueSelector.parse(List.of("reports")), 1);
        jqueue.completion.failWith(failing, new IllegalStateException("boom"));

        dev.jqueue.BackendStats observed = jqueue.observedStats(2);
        dev.jqueue.BackendStats.QueueSummary mail = observed.queues().stream().filter(q -> q.name().equals("mail"))
                .findFirst().orElseThrow();
        dev.jqueue.BackendStats.QueueSummary reports = observed.queues().stream().filter(q -> q.name().equals("reports"))
                .findFirst().orElseThrow();
        assertThat(mail.finished()).isEqualTo(2);
        assertThat(mail.finishedAtLeast()).isTrue();
        assertThat(mail.ready()).isEqualTo(1);
        assertThat(mail.invalid()).isZero();
        assertThat(reports.finished()).isEqualTo(1);
        assertThat(reports.finishedAtLeast()).isFalse();
        assertThat(reports.failed()).isEqualTo(1);

        dev.jqueue.BackendStats exact = jqueue.stats();
        assertThat(exact.total(JobState.FINISHED)).isEqualTo(4);
        assertThat(exact.total(JobState.INVALID)).isEqualTo(1);

        try (dev.jqueue.observability.InvalidStateChecks checks =
                     new dev.jqueue.observability.InvalidStateChecks(java.time.Duration.ofMinutes(5))) {
            dev.jqueue.observability.InvalidStateChecks.Result result = checks.checkNow(jqueue);
            assertThat(result.byQueue()).containsExactly(java.util.Map.entry("mail", 1L));
            assertThat(checks.latest(jqueue)).as("a result younger than the interval is reused").isSameAs(result);
            dev.jqueue.observability.BackendSnapshot snapshot = dev.jqueue.observability.SnapshotReader.take(jqueue,
                    dev.jqueue.config.BackendProperties.defaults(), false, result);
            assertThat(snapshot.invalidCheckedAt()).isEqualTo(result.checkedAt());
            assertThat(snapshot.queues()).filteredOn(q -> q.name().equals("mail")).singleElement()
                    .satisfies(q -> assertThat(q.invalidCount()).isEqualTo(1));
            assertThat(snapshot.failedJobs().count()).as("the invalid job's failed row counts too").isEqualTo(2);
        }
    }

    @Test
    void argumentTextIsSearchedInTheNewestJobsOnly() {
        UUID oldest = jqueue.enqueue("test.echo", "needle-1").id();
        jqueue.enqueue("test.echo", "needle-2");
        jqueue.enqueue("test.echo", "needle-3");
        JobSearch window = new JobSearch(jqueue.context(), 10, 2);
        Page<JobRow> found = window.search(JobFilter.none().withArgumentText("needle"), null, 0, 50);
        assertThat(values(found)).as("the two newest; jobs enqueued in one instant have no order").containsExactlyInAnyOrder("needle-3", "needle-2");
        assertThat(found.total().value()).isEqualTo(2);
        assertThat(window.ids(JobFilter.none().withArgumentText("needle"), 10)).doesNotContain(oldest);
        assertThat(new JobSearch(jqueue.context(), 10, 5).search(JobFilter.none().withArgumentText("needle"), null, 0, 50)
                .rows()).hasSize(3);
    }

    @Test
    void anExceptionClassFilterListsFailedJobsNewestFailureFirstAndCountsOrPagesAlone() {
        UUID first = jqueue.enqueue("test.fail", "a").id();
        UUID second = jqueue.enqueue("test.fail", "b").id();
        jqueue.enqueue("test.echo", "ready");
        jqueue.claim.claim(null, QueueSelector.ALL, 2);
        jqueue.completion.failWith(first, new IllegalStateException("a"));
        jqueue.completion.failWith(second, new IllegalStateException("b"));
        JobFilter filter = JobFilter.none().withExceptionClass("java.lang.IllegalStateException");

        Page<JobRow> page = new JobSearch(jqueue.context()).search(filter, null, 0, 50);
        assertThat(page.rows()).extracting(JobRow::id).containsExactlyInAnyOrder(first, second);
        assertThat(page.total()).isEqualTo(new dev.jqueue.reads.Count(2, false));

        Page<JobRow> countOnly = new JobSearch(jqueue.context()).search(filter, null, 0, 0);
        assertThat(countOnly.rows()).isEmpty();
        assertThat(countOnly.total().value()).isEqualTo(2);
        Page<JobRow> rowsOnly = new JobSearch(jqueue.context(), 0).search(filter, null, 0, 50);
        assertThat(rowsOnly.rows()).hasSize(2);
        assertThat(rowsOnly.total().value()).isZero();
    }

    @Test
    void theAuditLogKeepsActionsNewestFirstAndFilters() {
        AuditLog audit = new AuditLog(jqueue.context().db);
        audit.record(new AuditEvent(null, Instant.now().minusSeconds(5), "alice", "OPERATOR", "default", "retry", "job",
                "a,b", 2, AuditEvent.SUCCESS, ""));
        audit.record(new AuditEvent(null, Instant.now(), "bob", "VIEWER", "default", "discard", "job", "c", 0,
                AuditEvent.REFUSED, "needs OPERATOR"));

        assertThat(audit.search(null, null, null, null, null, null, 0, 10)).extracting(AuditEvent::actor)
                .containsExactly("bob", "alice");
        assertThat(audit.search(null, null, AuditEvent.REFUSED, null, null, null, 0, 10)).extracting(AuditEvent::action)
                .containsExactly("discard");
        assertThat(audit.search(null, null, null, "OPERATOR", null, null, 0, 10)).extracting(AuditEvent::actor)
                .containsExactly("bob");
    }
}
