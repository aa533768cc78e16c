package dev.jqueue.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueueTask;
import dev.jqueue.JobState;
import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.actions.ActionRefused;
import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.audit.AuditReads;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Forged action calls: whatever a page shows, {@link ConsoleActions} authorizes every call on
 * the server. A call from a role that is too low is refused, changes nothing and is audited as
 * refused; an allowed call is audited with its target ids and how many it affected. No browser:
 * the calls go straight to the service with a signed-in user in the SecurityContext, which is
 * what a forged request from that user amounts to. No workers run here, so job states stay put.
 */
@SpringBootTest(properties = {
        "jqueue.console.data-dir=target/test-data/authorization",
        "jqueue.console.users[0].username=admin",
        "jqueue.console.users[0].password={noop}admin",
        "jqueue.console.users[0].role=ADMIN"})
@Import(ActionAuthorizationTest.AuthorizationTasks.class)
class ActionAuthorizationTest {

    static final String TASK = "authorization.explode";

    static {
        // Static, so the database is gone before Spring opens it.
        TestDataDirectory.fresh("authorization");
    }

    /** A task that always fails, for making failed jobs. */
    static class AuthorizationTasks {
        @JQueueTask(name = TASK)
        public void explode(String why) {
            throw new IllegalStateException(why);
        }
    }

    @Autowired
    Backends backends;

    @Autowired
    ConsoleActions actions;

    @Autowired
    AuditReads auditReads;

    private Backend backend;

    @BeforeEach
    void backend() {
        backend = backends.get("default");
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static void signIn(String name, String... roles) {
        var authorities = Arrays.stream(roles).map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(name, null, authorities));
    }

    /** {@code n} failed jobs on {@code queue}: enqueued, claimed without a worker and failed. */
    private List<UUID> failedJobs(String queue, int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(backend.enqueue(EnqueueOptions.onQueue(queue), TASK, "failure " + i).id());
        }
        List<Job> claimed = backend.claim.claim(null, QueueSelector.parse(List.of(queue)), n);
        assertThat(claimed).hasSize(n);
        for (Job job : claimed) {
            assertThat(backend.completion.failWith(job.id(), new IllegalStateException("boom on " + queue))).isTrue();
        }
        ids.forEach(id -> assertThat(state(id)).isEqualTo(JobState.FAILED));
        return ids;
    }

    private JobState state(UUID id) {
        return backend.getResult(id).state();
    }

    private List<AuditEvent> audited(String actor, String outcome) {
        return new AuditLog(backend.context().db).search(actor, null, outcome, null, null, null, 0, 100);
    }

    @Test
    void viewerForgingJobAndQueueActionsIsRefusedChangesNothingAndIsAudited() {
        List<UUID> ids = failedJobs("authz-viewer", 2);
        signIn("vera", "VIEWER");
        JobFilter queueFilter = JobFilter.none().withQueue("authz-viewer");

        assertThatThrownBy(() -> actions.retry("default", "authz-viewer", ids)).isInstanceOf(ActionRefused.class)
                .hasMessageContaining("Operator").hasMessageContaining("vera");
        assertThatThrownBy(() -> actions.discard("default", "authz-viewer", JobState.FAILED, ids))
                .isInstanceOf(ActionRefused.class);
        assertThatThrownBy(() -> actions.retryMatching("default", queueFilter)).isInstanceOf(ActionRefused.class);
        assertThatThrownBy(() -> actions.discardMatching("default", queueFilter)).isInstanceOf(ActionRefused.class);
        assertThatThrownBy(() -> actions.pause("default", "authz-viewer")).isInstanceOf(ActionRefused.class);
        assertThatThrownBy(() -> actions.clear("default", "authz-viewer")).isInstanceOf(ActionRefused.class);

        ids.forEach(id -> assertThat(state(id)).isEqualTo(JobState.FAILED));
        assertThat(backend.queue("authz-viewer").paused()).isFalse();
        List<AuditEvent> refused = audited("vera", AuditEvent.REFUSED);
        assertThat(refused).extracting(AuditEvent::action).containsExactlyInAnyOrder(
                "retry", "discard", "retry-matching", "discard-matching", "pause", "clear");
        assertThat(refused).allSatisfy(event -> {
            assertThat(event.role()).isEqualTo("VIEWER");
            assertThat(event.affected()).isZero();
            assertThat(event.detail()).isEqualTo("needs OPERATOR");
        });
        AuditEvent retry = refused.stream().filter(e -> e.action().equals("retry")).findFirst().orElseThrow();
        assertThat(retry.target()).contains(ids.get(0).toString(), ids.get(1).toString());
        assertThat(audited("vera", AuditEvent.SUCCESS)).isEmpty();
    }

    @Test
    void operatorRetrySucceedsOnlyInsideItsQueueAndIsAuditedWithTargetIdsAndCount() {
        List<UUID> ids = failedJobs("authz-operator", 3);
        UUID elsewhere = failedJobs("authz-other", 1).getFirst();
        List<UUID> selection = new ArrayList<>(ids);
        selection.add(elsewhere);
        signIn("otto", "OPERATOR", "VIEWER");

        ActionResult result = actions.retry("default", "authz-operator", selection);

        assertThat(result.affected()).isEqualTo(3);
        ids.forEach(id -> assertThat(state(id)).isEqualTo(JobState.READY));
        assertThat(state(elsewhere)).as("re-scoped to the queue: a forged id from another queue is left alone")
                .isEqualTo(JobState.FAILED);
        List<AuditEvent> events = audited("otto", AuditEvent.SUCCESS);
        assertThat(events).hasSize(1);
        AuditEvent event = events.getFirst();
        assertThat(event.action()).isEqualTo("retry");
        assertThat(event.role()).isEqualTo("OPERATOR");
        assertThat(event.backend()).isEqualTo("default");
        assertThat(event.targetType()).isEqualTo("job");
        assertThat(event.target()).contains(ids.stream().map(UUID::toString).toArray(String[]::new));
        assertThat(event.affected()).isEqualTo(3);
        assertThat(event.detail()).contains("retried 3");
    }

    @Test
    void operatorDiscardMatchingAFilterIsAuditedWithTheFilterAndCount() {
        List<UUID> ids = failedJobs("authz-matching", 2);
        signIn("olga", "OPERATOR", "VIEWER");

        ActionResult result = actions.discardMatching("default", JobFilter.none().withQueue("authz-matching"));

        assertThat(result.affected()).isEqualTo(2);
        ids.forEach(id -> assertThat(backend.findResult(id)).isEmpty());
        AuditEvent event = audited("olga", AuditEvent.SUCCESS).getFirst();
        assertThat(event.action()).isEqualTo("discard-matching");
        assertThat(event.target()).contains("authz-matching");
        assertThat(event.affected()).isEqualTo(2);
    }

    @Test
    void recurringEditsNeedAdminAnOperatorIsRefusedAndAudited() {
        signIn("ada", "ADMIN", "OPERATOR", "VIEWER");
        actions.scheduleRecurring("default", "authz-kept", TASK, "0 3 * * *", List.of("nightly"), "default", 0, "");
        signIn("oscar", "OPERATOR", "VIEWER");

        assertThatThrownBy(() -> actions.scheduleRecurring("default", "authz-forged", TASK, "* * * * *", List.of("x"),
                "default", 0, "")).isInstanceOf(ActionRefused.class).hasMessageContaining("Admin");
        assertThatThrownBy(() -> actions.unscheduleRecurring("default", "authz-kept")).isInstanceOf(ActionRefused.class);

        assertThat(backend.recurring().find("authz-forged")).isEmpty();
        assertThat(backend.recurring().find("authz-kept")).isPresent();
        assertThat(audited("oscar", AuditEvent.REFUSED)).extracting(AuditEvent::action, AuditEvent::target,
                AuditEvent::detail).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("schedule-recurring", "authz-forged", "needs ADMIN"),
                        org.assertj.core.groups.Tuple.tuple("unschedule-recurring", "authz-kept", "needs ADMIN"));

        signIn("ada", "ADMIN", "OPERATOR", "VIEWER");
        assertThat(actions.unscheduleRecurring("default", "authz-kept").affected()).isEqualTo(1);
        assertThat(backend.recurring().find("authz-kept")).isEmpty();
        assertThat(audited("ada", AuditEvent.SUCCESS)).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder("schedule-recurring", "unschedule-recurring");
    }

    @Test
    void nobodySignedInIsRefusedAsAnonymous() {
        List<UUID> ids = failedJobs("authz-anonymous", 1);

        assertThatThrownBy(() -> actions.retry("default", null, ids)).isInstanceOf(ActionRefused.class);

        assertThat(state(ids.getFirst())).isEqualTo(JobState.FAILED);
        assertThat(audited("anonymous", AuditEvent.REFUSED)).extracting(AuditEvent::action).contains("retry");
    }

    @Test
    void onlyAnAdminReadsTheAuditLog() {
        AuditReads.AuditQuery everything = new AuditReads.AuditQuery(null, null, null, null, null, null);
        signIn("otto", "OPERATOR", "VIEWER");
        actions.pause("default", "authz-audit"); // an audited action, so the log has otto's row
        assertThatThrownBy(() -> auditReads.search("default", everything, 0, 10)).isInstanceOf(AccessDeniedException.class);

        signIn("ada", "ADMIN", "OPERATOR", "VIEWER");
        List<AuditEvent> otto = auditReads.search("default", new AuditReads.AuditQuery("otto", "pause", null, null, null, null),
                0, 10);
        assertThat(otto).singleElement().satisfies(event -> {
            assertThat(event.actor()).isEqualTo("otto");
            assertThat(event.action()).isEqualTo("pause");
            assertThat(event.target()).isEqualTo("authz-audit");
            assertThat(event.outcome()).isEqualTo(AuditEvent.SUCCESS);
        });
        assertThat(auditReads.search("default", everything, 0, 1000)).extracting(AuditEvent::id).contains(otto.getFirst().id());
        actions.resume("default", "authz-audit");
    }
}
