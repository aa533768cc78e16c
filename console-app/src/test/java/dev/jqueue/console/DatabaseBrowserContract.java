package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueue;
import dev.jqueue.JQueueTask;
import dev.jqueue.NoSuchJobException;
import dev.jqueue.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Console pages that must behave the same whatever database the console runs on, clicked in a
 * real browser: one subclass per database (SQLite, the default, and PostgreSQL). An operator
 * pauses a queue, clears its ready jobs after a confirmation that states the count, and resumes
 * it, with the counts checked on the page and in the database; the PostgreSQL health page shows
 * its findings on PostgreSQL and says why it does not apply elsewhere; a viewer has no health page.
 */
abstract class DatabaseBrowserContract {

    static final String HOLD_TASK = "browser.hold";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession(WAIT);

    @Autowired
    JQueue jqueue;

    /** A task for jobs that only need to exist: the queue is paused while they are ready. */
    @TestConfiguration
    static class HoldTasks {
        @Bean
        Hold hold() {
            return new Hold();
        }
    }

    static class Hold {
        @JQueueTask(name = HOLD_TASK)
        public void hold(int n) {
        }
    }

    protected abstract boolean onPostgres();

    @Test
    void operatorPausesClearsAndResumesAQueueWithTheCountsAfterwards() throws Exception {
        String queue = "hold-" + UUID.randomUUID().toString().substring(0, 8);
        // a job tomorrow, so the queue exists with nothing ready
        jqueue.enqueue(EnqueueOptions.onQueue(queue).runAt(Instant.now().plus(Duration.ofDays(1))), HOLD_TASK, 0);
        browser.signIn("operator", "operator");
        browser.open("queues/" + queue + "?backend=default");

        browser.page().locator(".queue-toolbar vaadin-button.pause-queue").click();
        TestSql.await("queue " + queue + " paused", () -> jqueue.queue(queue).paused());
        assertThat(browser.page().locator(".queue-toolbar vaadin-button.resume-queue")).isVisible();
        assertThat(browser.page().locator(".queue-toolbar")).containsText("Paused");

        List<UUID> ready = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ready.add(jqueue.enqueue(EnqueueOptions.onQueue(queue), HOLD_TASK, i).id());
        }
        browser.open("queues/" + queue + "?backend=default&state=ready");
        assertThat(browser.page().locator("#tab-ready .tab-count")).hasText("3");
        assertThat(jqueue.queue(queue).size()).as("paused: nothing was claimed").isEqualTo(3);

        browser.page().locator(".queue-toolbar vaadin-button.clear-queue").click();
        Locator dialog = browser.page().getByRole(AriaRole.ALERTDIALOG);
        assertThat(dialog).containsText("This discards the 3 ready jobs of queue " + queue);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Clear 3 ready")).click();
        assertThat(browser.page().locator("#tab-ready .tab-count")).hasText("0");
        assertThat(jqueue.queue(queue).size()).isZero();
        for (UUID id : ready) {
            assertThatThrownBy(() -> jqueue.getResult(id)).as("cleared jobs are gone").isInstanceOf(NoSuchJobException.class);
        }

        browser.page().locator(".queue-toolbar vaadin-button.resume-queue").click();
        TestSql.await("queue " + queue + " resumed", () -> !jqueue.queue(queue).paused());
        assertThat(browser.page().locator(".queue-toolbar vaadin-button.pause-queue")).isVisible();
    }

    @Test
    void theQueuesPageUpdatesByServerPushWithoutAReload() throws Exception {
        List<String> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
        browser.page().onWebSocket(socket -> sockets.add(socket.url()));
        browser.signIn("operator", "operator");
        browser.open("queues?backend=default");
        String queue = "pushed-" + UUID.randomUUID().toString().substring(0, 8);
        Locator grid = browser.page().locator("vaadin-grid.queue-grid");
        assertThat(grid).not().containsText(queue);

        jqueue.enqueue(EnqueueOptions.onQueue(queue).runAt(Instant.now().plus(Duration.ofDays(1))), HOLD_TASK, 1);
        // no navigation, no click: the shared timer pushes the refreshed table
        TestSql.await("the new queue on the open page", () -> GridRows.read(grid).stream()
                .anyMatch(row -> !row.isEmpty() && row.getFirst().startsWith(queue)));
        assertThat(sockets).as("the page holds a push connection").anyMatch(url -> url.contains("/VAADIN/push"));
        assertThat((Object) browser.page().evaluate("() => document.querySelector('vaadin-app-layout') != null"))
                .isEqualTo(true);
    }

    @Test
    void thePostgresHealthPageShowsFindingsOnPostgresAndSaysWhyItDoesNotApplyElsewhere() throws Exception {
        browser.signIn("operator", "operator");
        assertThat(browser.page().locator("vaadin-side-nav-item").filter(new Locator.FilterOptions()
                .setHasText("PostgreSQL health"))).hasCount(1); // in an operator's menu
        browser.open("postgres?backend=default");
        if (!onPostgres()) {
            assertThat(browser.page().locator(".postgres-health-caption")).containsText("apply to PostgreSQL backends only");
            assertThat(browser.page().locator(".health-finding")).hasCount(0);
            return;
        }
        assertThat(browser.page().locator(".health-finding").first()).isVisible();
        assertThat(browser.page().locator(".health-tables")).containsText("jqueue_jobs");
        assertThat(browser.page().locator(".autovacuum-advice")).containsText("ALTER TABLE jqueue_jobs SET (");
        assertThat(browser.page().locator(".health-finding .finding-advice").first()).containsText("What to do:");
        browser.page().locator("vaadin-button.postgres-health-refresh").click();
        assertThat(browser.page().locator(".health-tables")).containsText("jqueue_ready_executions");
        browser.screenshot("postgres-health.png");
    }

    @Test
    void aViewerHasNoHealthPageInTheMenuAndIsRefusedItsAddress() throws Exception {
        browser.signIn("viewer", "viewer");
        assertThat(browser.page().locator("vaadin-side-nav-item").filter(new Locator.FilterOptions()
                .setHasText("PostgreSQL health"))).hasCount(0);
        browser.page().navigate(browser.url("postgres"));
        assertThat(browser.page().getByText("Could not navigate to 'postgres'")).isVisible();
        assertThat(browser.page().locator(".health-finding")).hasCount(0);
    }
}
