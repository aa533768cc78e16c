package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueue;
import dev.jqueue.JQueueTask;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.console.ui.JobIdText;
import dev.jqueue.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

/**
 * The queue, job list and job pages in a real browser, with the demo profile (demo users,
 * embedded workers, the demo producer) on a fresh SQLite file, plus two test tasks: one that
 * fails until told otherwise and one that always fails. Saves queue.png, jobs.png and
 * job-detail.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "jqueue.console.data-dir=target/test-data/job-pages")
@ActiveProfiles("demo")
class JobPagesBrowserTest {

    static final String FLAKY_QUEUE = "payments";
    static final String BROKEN_QUEUE = "invoices";
    private static final Duration WAIT = Duration.ofSeconds(20);

    static {
        TestDataDirectory.fresh("job-pages");
    }

    /** Test tasks: the embedded workers (queues=*) run them. */
    @TestConfiguration
    static class TestTasks {
        @Bean
        FlakyTasks flakyTasks() {
            return new FlakyTasks();
        }
    }

    static class FlakyTasks {
        static final AtomicBoolean failing = new AtomicBoolean(true);

        @JQueueTask(queue = FLAKY_QUEUE)
        public String charge(String order) {
            if (failing.get()) {
                throw new IllegalStateException("payment gateway down for " + order);
            }
            return "charged " + order;
        }

        @JQueueTask(queue = BROKEN_QUEUE)
        public String render(String template) {
            throw new IllegalArgumentException("cannot render " + template + ": template not found");
        }
    }

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession(WAIT);

    @Autowired
    JQueue jqueue;

    @Autowired
    DataSource dataSource;

    @Test
    void operatorRetriesAFailedJobSelectedOnTheQueuePageAndSeesItMove() throws Exception {
        FlakyTasks.failing.set(true);
        TaskResult job = jqueue.enqueue(FlakyTasks.class, t -> t.charge("order-17"));
        List<UUID> invoices = new java.util.ArrayList<>();
        for (String template : List.of("invoice-2041.html", "invoice-2042.html", "credit-note-17.html", "reminder-3.html")) {
            invoices.add(jqueue.enqueue(FlakyTasks.class, t -> t.render(template)).id());
        }
        awaitState(job.id(), JobState.FAILED);
        FlakyTasks.failing.set(false);

        browser.signIn("operator", "operator");
        browser.open("queues/" + FLAKY_QUEUE + "?backend=default&state=failed");

        assertThat(browser.page().locator("#tab-failed .tab-count")).hasText("1");
        assertThat(browser.page().locator(".queue-toolbar")).containsText("Workers");
        Locator grid = browser.page().locator("vaadin-grid.job-grid");
        assertThat(grid.locator("a.job-link")).hasText(JobIdText.shortText(job.id()));
        assertThat(grid).containsText("payment gateway down for order-17");
        Locator retry = browser.page().locator("vaadin-button.retry-selected");
        assertThat(retry).isDisabled();

        rowCheckboxes(grid).first().click();
        assertThat(browser.page().locator(".selection-count")).hasText("1 job selected");
        retry.click();

        assertThat(browser.page().locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                .setHasText("retried 1 failed job(s) from " + FLAKY_QUEUE))).isVisible();
        assertThat(browser.page().locator(".page-range")).hasText("0 jobs");
        // The worker runs it again, now successfully; the tab counts follow within a refresh or two.
        awaitState(job.id(), JobState.FINISHED);
        assertThat(browser.page().locator("#tab-failed .tab-count")).hasText("0");
        assertThat(browser.page().locator("#tab-finished .tab-count")).hasText("1");
        browser.page().locator("#tab-finished").click();
        browser.page().waitForURL(Pattern.compile(".*state=finished.*"));
        assertThat(grid).containsText("\"charged order-17\"");

        // The picture: a queue of invoices that all fail to render, two rows selected.
        for (UUID invoice : invoices) {
            awaitState(invoice, JobState.FAILED);
        }
        browser.open("queues/" + BROKEN_QUEUE + "?backend=default&state=failed");
        awaitText(browser.page().locator(".page-range"), Pattern.compile("^1–\\d+ of \\d+ jobs$"));
        Locator checkboxes = rowCheckboxes(grid);
        checkboxes.nth(0).click();
        checkboxes.nth(2).click();
        assertThat(browser.page().locator(".selection-count")).hasText("2 jobs selected");
        browser.page().mouse().move(1300, 40);
        browser.screenshot("queue.png");
    }

    @Test
    void jobPageShowsAnHtmlArgumentAsTextAndOffersTheFailedActions() throws Exception {
        String html = "<script>alert(1)</script>";
        TaskResult job = jqueue.enqueue(FlakyTasks.class, t -> t.render(html));
        awaitState(job.id(), JobState.FAILED);
        AtomicBoolean dialog = new AtomicBoolean();
        browser.page().onDialog(d -> {
            dialog.set(true);
            d.dismiss();
        });

        browser.signIn("operator", "operator");
        browser.open("jobs/" + job.id() + "?backend=default");

        Locator arguments = browser.page().locator(".job-section-arguments pre.json-view");
        assertThat(arguments).containsText(html);
        assertThat((String) arguments.evaluate("e => e.innerHTML")).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(browser.page().locator(".exception-message")).hasText("cannot render " + html + ": template not found");
        assertThat(browser.page().locator(".exception-class")).hasText("java.lang.IllegalArgumentException");
        assertThat(browser.page().locator(".stack-trace")).containsText("FlakyTasks.render");
        assertThat((Object) browser.page().evaluate("() => [...document.querySelectorAll('script')]"
                + ".filter(s => s.textContent.includes('alert(1)')).length")).isEqualTo(0);
        assertThat(browser.page().locator(".timeline-failed")).containsText("IllegalArgumentException");
        for (String action : List.of("Retry", "Discard", "Enqueue copy")) {
            assertThat(browser.page().locator(".job-actions").getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName(action).setExact(true))).isVisible();
        }
        assertThat(browser.page().locator(".job-actions vaadin-button.run-now")).hasCount(0);
        browser.screenshot("job-detail.png");

        // Enqueue a copy: the page offers a link to a new job of the same task, and the database has it.
        long before = jobsOf(job.taskPath());
        browser.page().locator("vaadin-button.enqueue-copy").click();
        Locator copyLink = browser.page().locator("a.copy-link");
        assertThat(copyLink).isVisible();
        UUID copy = UUID.fromString(copyLink.getAttribute("href").replaceFirst("^.*jobs/([0-9a-f-]{36}).*$", "$1"));
        assertThat(copy).isNotEqualTo(job.id());
        TaskResult copied = jqueue.getResult(copy);
        assertThat(copied.taskPath()).isEqualTo(job.taskPath());
        assertThat(copied.queueName()).isEqualTo(BROKEN_QUEUE);
        assertThat(jobsOf(job.taskPath())).as("one more job of the task in the database").isEqualTo(before + 1);
        assertThat(jqueue.getResult(job.id()).state()).as("the original stays failed").isEqualTo(JobState.FAILED);
        assertThat(dialog.get()).as("no script ran").isFalse();
    }

    @Test
    void viewerSeesQueueAndJobPagesWithoutAnyActionButton() throws Exception {
        TaskResult job = jqueue.enqueue(FlakyTasks.class, t -> t.render("viewer-check"));
        awaitState(job.id(), JobState.FAILED);

        // The same pages as an operator first: the classes the viewer must not have are there for
        // a role that may act, so their absence below means something.
        browser.signIn("operator", "operator");
        browser.open("queues/" + BROKEN_QUEUE + "?backend=default&state=failed");
        assertThat(browser.page().locator("vaadin-grid.job-grid")).containsText("cannot render viewer-check");
        assertThat(browser.page().locator(".queue-controls").first()).isAttached();
        assertThat(browser.page().locator(".bulk-action").first()).isAttached();
        assertThat(rowCheckboxes(browser.page().locator("vaadin-grid.job-grid")).first()).isAttached();
        browser.open("jobs/" + job.id() + "?backend=default");
        assertThat(browser.page().locator(".exception-message")).hasText("cannot render viewer-check: template not found");
        assertThat(browser.page().locator(".job-actions")).hasCount(1);
        assertThat(browser.page().locator("vaadin-button.job-action").first()).isAttached();
        browser.open("?backend=default");
        assertThat(browser.page().locator("vaadin-grid.queue-grid")).containsText(BROKEN_QUEUE);
        assertThat(browser.page().locator(".queue-grid .queue-controls").first()).isAttached();

        browser.newSession();
        browser.signIn("viewer", "viewer");
        browser.open("queues/" + BROKEN_QUEUE + "?backend=default&state=failed");
        assertThat(browser.page().locator("vaadin-grid.job-grid")).containsText("cannot render viewer-check");
        assertThat(browser.page().locator(".queue-toolbar")).containsText("Paused");
        assertThat(browser.page().locator(".queue-controls")).hasCount(0);
        assertThat(browser.page().locator(".bulk-action")).hasCount(0);
        assertThat(rowCheckboxes(browser.page().locator("vaadin-grid.job-grid"))).hasCount(0);

        browser.open("jobs/" + job.id() + "?backend=default");
        assertThat(browser.page().locator(".exception-message")).hasText("cannot render viewer-check: template not found");
        assertThat(browser.page().locator(".job-actions")).hasCount(0);
        assertThat(browser.page().locator("vaadin-button.job-action")).hasCount(0);

        browser.open("?backend=default");
        assertThat(browser.page().locator("vaadin-grid.queue-grid")).containsText(BROKEN_QUEUE);
        assertThat(browser.page().locator(".queue-grid .queue-controls")).hasCount(0);
    }

    @Test
    void aJobSearchLinkRestoresItsFiltersAndARowOpensTheJob() throws Exception {
        TaskResult job = jqueue.enqueue(FlakyTasks.class, t -> t.render("deep-link-7"));
        awaitState(job.id(), JobState.FAILED);

        browser.signIn("viewer", "viewer");
        browser.open("jobs?backend=default&state=failed&queue=" + BROKEN_QUEUE + "&task=render&q=deep-link&sort=-created");

        assertThat(browser.page().locator("vaadin-select.filter-state")).hasText(Pattern.compile(".*failed.*"));
        assertThat(browser.page().locator("vaadin-combo-box.filter-queue input")).hasValue(BROKEN_QUEUE);
        assertThat(browser.page().locator("vaadin-text-field.filter-task input")).hasValue("render");
        assertThat(browser.page().locator("vaadin-text-field.filter-q input")).hasValue("deep-link");
        assertThat(browser.page().locator(".page-range")).hasText("1–1 of 1 job");
        Locator grid = browser.page().locator("vaadin-grid.job-grid");
        assertThat(grid.locator("a.job-link")).hasText(JobIdText.shortText(job.id()));

        // Changing a filter puts it into the URL.
        browser.page().locator("vaadin-text-field.filter-q input").fill("no-such-argument");
        browser.page().locator("vaadin-text-field.filter-q input").press("Enter");
        browser.page().waitForURL(Pattern.compile(".*q=no-such-argument.*"));
        assertThat(browser.page().locator(".page-range")).hasText("0 jobs");
        browser.page().goBack();
        assertThat(browser.page().locator(".page-range")).hasText("1–1 of 1 job");

        // A row click opens the job.
        grid.getByText("FlakyTasks.render", new Locator.GetByTextOptions().setExact(true)).first().click();
        browser.page().waitForURL(Pattern.compile(".*/jobs/" + job.id() + ".*"));
        assertThat(browser.page().locator(".job-facts")).containsText(job.id().toString());

        // The picture: every job of the demo, newest first.
        browser.open("jobs?backend=default&task=chargeCard");
        awaitText(browser.page().locator(".page-range"), Pattern.compile("^1–\\d+ of [\\d,]+\\+? jobs?$"));
        browser.page().mouse().move(1300, 40);
        browser.screenshot("jobs.png");
    }

    @Test
    void aScheduledJobOffersBothCopyModesAndEachMakesANewJob() throws Exception {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        TaskResult job = jqueue.enqueue(FlakyTasks.class, EnqueueOptions.onQueue(FLAKY_QUEUE).runAt(tomorrow),
                t -> t.charge("order-copy"));
        browser.signIn("operator", "operator");
        browser.open("jobs/" + job.id() + "?backend=default");

        browser.page().locator("vaadin-button.enqueue-copy").click();
        UUID kept = copyId();
        assertThat(kept).isNotEqualTo(job.id());
        assertThat(jqueue.getResult(kept).state()).as("Enqueue copy keeps the run time").isEqualTo(JobState.SCHEDULED);
        assertThat(jqueue.getResult(kept).scheduledAt()).isEqualTo(tomorrow);

        browser.open("jobs/" + job.id() + "?backend=default");
        browser.page().locator("vaadin-button.enqueue-copy-now").click();
        UUID now = copyId();
        assertThat(now).isNotIn(job.id(), kept);
        assertThat(jqueue.getResult(now).state()).as("Enqueue copy now: not waiting for tomorrow")
                .isNotEqualTo(JobState.SCHEDULED);
        assertThat(jqueue.getResult(job.id()).state()).as("the original stays scheduled").isEqualTo(JobState.SCHEDULED);

        // Run now: the original itself leaves the schedule
        browser.open("jobs/" + job.id() + "?backend=default");
        browser.page().locator("vaadin-button.run-now").click();
        assertThat(browser.page().locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                .setHasText("job " + job.id() + " is now"))).isVisible();
        assertThat(jqueue.getResult(job.id()).state()).as("run now").isNotEqualTo(JobState.SCHEDULED);
        assertThat(browser.page().locator(".job-actions vaadin-button.run-now")).hasCount(0);
    }

    /** The job the "Open the copy" link of the last copy action points to. */
    private UUID copyId() {
        Locator link = browser.page().locator("a.copy-link");
        assertThat(link).isVisible();
        Matcher id = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(link.getAttribute("href"));
        assertThat(id.find()).as("the copy link names a job").isTrue();
        return UUID.fromString(id.group());
    }

    // ------------------------------------------------------------------ helpers

    private long jobsOf(String taskPath) {
        return TestSql.count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs WHERE task_path = ?", taskPath);
    }

    private void awaitState(UUID id, JobState state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JobState current = null;
        while (System.nanoTime() < deadline) {
            current = jqueue.getResult(id).state();
            if (current == state) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " is " + current + ", not " + state + ", after " + WAIT.toSeconds() + " s");
    }

    /** The selection checkboxes of the grid's rows (not the header's select-all). */
    private static Locator rowCheckboxes(Locator grid) {
        return grid.locator("vaadin-checkbox:not(.vaadin-grid-select-all-checkbox) input[type=checkbox]");
    }

    private void awaitText(Locator locator, Pattern pattern) {
        assertThat(locator).hasText(pattern);
    }
}
