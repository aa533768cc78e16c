package dev.jqueue.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.EnqueueError;
import dev.jqueue.JQueue;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/** The example app with embedded workers: what an application team's integration test looks like. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:sqlite:target/example-embedded.db",
        "jqueue.embedded.enabled=true"})
class ExampleApplicationTest {

    @Autowired
    JQueue jqueue;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void enqueuedTasksRunOnEmbeddedWorkersAndKeepTypedResults() throws Exception {
        TaskResult mail = jqueue.enqueue(Mailer.class, m -> m.deliver("welcome", 7L));
        TaskResult report = jqueue.enqueue(Reports.class,
                r -> r.summarize(new Reports.ReportRequest("weekly", List.of(1, 2, 3))));

        assertThat(mail.queueName()).isEqualTo("mailers");
        assertThat(report.queueName()).isEqualTo("reports");
        assertThat(report.priority()).isEqualTo(5);
        TaskResult mailDone = awaitFinished(mail.id());
        TaskResult reportDone = awaitFinished(report.id());

        assertThat(mailDone.returnValue()).isEqualTo("welcome -> user 7");
        assertThat(reportDone.returnValue()).isEqualTo(new Reports.Summary("weekly", 3, 6));
        assertThat(outbox.delivered()).contains("welcome -> user 7");
    }

    @Test
    void enqueueOnCommitFollowsTheSurroundingTransaction() throws Exception {
        long before = jqueue.stats().queues().stream().mapToLong(q -> q.ready() + q.finished() + q.claimed()).sum();
        transactions.executeWithoutResult(status -> {
            jqueue.enqueueOnCommit(Mailer.class, m -> m.deliver("rolled-back", 1L));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> jqueue.enqueueOnCommit(Mailer.class, m -> m.deliver("committed", 2L)));

        awaitDelivered("committed -> user 2");
        long after = jqueue.stats().queues().stream().mapToLong(q -> q.ready() + q.finished() + q.claimed()).sum();
        assertThat(after - before).isEqualTo(1);
        assertThat(outbox.delivered()).doesNotContain("rolled-back -> user 1");
    }

    @Test
    void badArgumentsAreRejectedAtEnqueue() {
        assertThatThrownBy(() -> jqueue.enqueue("dev.jqueue.examples.Mailer.deliver", "welcome", "not-a-number"))
                .isInstanceOf(EnqueueError.class)
                .hasMessageContaining("argument 2 (userId)");
    }

    private TaskResult awaitFinished(UUID id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            TaskResult result = jqueue.getResult(id);
            if (result.status() == TaskStatus.SUCCESSFUL || result.status() == TaskStatus.FAILED) {
                assertThat(result.state()).isEqualTo(JobState.FINISHED);
                return result;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not finish: " + jqueue.getResult(id));
    }

    private void awaitDelivered(String receipt) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!outbox.delivered().contains(receipt)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not delivered: " + receipt);
            }
            Thread.sleep(50);
        }
    }
}
