package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueue;
import dev.jqueue.JQueueTask;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.console.ui.JobIdText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
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

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    JQueue jqueue;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.launchIfInstalled().orElse(null);
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openPage() {
        Assumptions.assumeTrue(chromium != null, Chromium::missingReason);
        context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        context.setDefaultTimeout(WAIT.toMillis());
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
    }

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

        signIn("operator", "operator");
        open("queues/" + FLAKY_QUEUE + "?backend=default&state=failed");

        assertThat(page.locator("#tab-failed .tab-count")).hasText("1");
        assertThat(page.locator(".queue-toolbar")).containsText("Workers");
        Locator grid = page.locator("vaadin-grid.job-grid");
        assertThat(grid.locator("a.job-link")).hasText(JobIdText.shortText(job.id()));
        assertThat(grid).containsText("payment gateway down for order-17");
        Locator retry = page.locator("vaadin-button.retry-selected");
        assertThat(retry).isDisabled();

        rowCheckboxes(grid).first().click();
        assertThat(page.locator(".selection-count")).hasText("1 job selected");
        retry.click();

        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                .setHasText("retried 1 failed job(s) from " + FLAKY_QUEUE))).isVisible();
        assertThat(page.locator(".page-range")).hasText("0 jobs");
        // The worker runs it again, now successfully; the tab counts follow within a refresh or two.
        awaitState(job.id(), JobState.FINISHED);
        assertThat(page.locator("#tab-failed .tab-count")).hasText("0");
        assertThat(page.locator("#tab-finished .tab-count")).hasText("1");
        page.locator("#tab-finished").click();
        page.waitForURL(Pattern.compile(".*state=finished.*"));
        assertThat(grid).containsText("\"charged order-17\"");

        // The picture: a queue of invoices that all fail to render, two rows selected.
        for (UUID invoice : invoices) {
            awaitState(invoice, JobState.FAILED);
        }
        open("queues/" + BROKEN_QUEUE + "?backend=default&state=failed");
        awaitText(page.locator(".page-range"), Pattern.compile("^1–\\d+ of \\d+ jobs$"));
        Locator checkboxes = rowCheckboxes(grid);
        checkboxes.nth(0).click();
        checkboxes.nth(2).click();
        assertThat(page.locator(".selection-count")).hasText("2 jobs selected");
        page.mouse().move(1300, 40);
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots().resolve("queue.png")));
    }

    @Test
    void jobPageShowsAnHtmlArgumentAsTextAndOffersTheFailedActions() throws Exception {
        String html = "<script>alert(1)</script>";
        TaskResult job = jqueue.enqueue(FlakyTasks.class, t -> t.render(html));
        awaitState(job.id(), JobState.FAILED);
        AtomicBoolean dialog = new AtomicBoolean();
        page.onDialog(d -> {
            dialog.set(true);
            d.dismiss();
        });

        signIn("operator", "operator");
        open("jobs/" + job.id() + "?backend=default");

        Locator arguments = page.locator(".job-section-arguments pre.json-view");
        assertThat(arguments).containsText(html);
        assertThat((String) arguments.evaluate("e => e.innerHTML")).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page.locator(".exception-message")).hasText("cannot render " + html + ": template not found");
        assertThat(page.locator(".exception-class")).hasText("java.lang.IllegalArgumentException");
        assertThat(page.locator(".stack-trace")).containsText("FlakyTasks.render");
        assertThat((Object) page.evaluate("() => [...document.querySelectorAll('script')]"
                + ".filter(s => s.textContent.includes('alert(1)')).length")).isEqualTo(0);
        assertThat(page.locator(".timeline-failed")).containsText("IllegalArgumentException");
        for (String action : List.of("Retry", "Discard", "Enqueue copy")) {
            assertThat(page.locator(".job-actions").getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName(action).setExact(true))).isVisible();
        }
        assertThat(page.locator(".job-actions vaadin-button.run-now")).hasCount(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots().resolve("job-detail.png")));

        // Enqueue a copy: the page offers a link to it.
        page.locator("vaadin-button.enqueue-copy").click();
        assertThat(page.locator("a.copy-link")).isVisible();
        assertThat(dialog.get()).as("no script ran").isFalse();
    }

    @Test
    void viewerSeesQueueAndJobPagesWithoutAnyActionButton() throws Exception {
        TaskResult job = jqueue.enqueue(FlakyTasks.class, t -> t.render("viewer-check"));
        awaitState(job.id(), JobState.FAILED);

        signIn("viewer", "viewer");
        open("queues/" + BROKEN_QUEUE + "?backend=default&state=failed");
        assertThat(page.locator("vaadin-grid.job-grid")).containsText("cannot render viewer-check");
        assertThat(page.locator(".queue-toolbar")).containsText("Paused");
        assertThat(page.locator(".queue-controls")).hasCount(0);
        assertThat(page.locator(".bulk-action")).hasCount(0);
        assertThat(rowCheckboxes(page.locator("vaadin-grid.job-grid"))).hasCount(0);

        open("jobs/" + job.id() + "?backend=default");
        assertThat(page.locator(".exception-message")).hasText("cannot render viewer-check: template not found");
        assertThat(page.locator(".job-actions")).hasCount(0);
        assertThat(page.locator("vaadin-button.job-action")).hasCount(0);

        open("?backend=default");
        assertThat(page.locator("vaadin-grid.queue-grid")).containsText(BROKEN_QUEUE);
        assertThat(page.locator(".queue-grid .queue-controls")).hasCount(0);
    }

    @Test
    void aJobSearchLinkRestoresItsFiltersAndARowOpensTheJob() throws Exception {
        TaskResult job = jqueue.enqueue(FlakyTasks.class, t -> t.render("deep-link-7"));
        awaitState(job.id(), JobState.FAILED);

        signIn("viewer", "viewer");
        open("jobs?backend=default&state=failed&queue=" + BROKEN_QUEUE + "&task=render&q=deep-link&sort=-created");

        assertThat(page.locator("vaadin-select.filter-state")).hasText(Pattern.compile(".*failed.*"));
        assertThat(page.locator("vaadin-combo-box.filter-queue input")).hasValue(BROKEN_QUEUE);
        assertThat(page.locator("vaadin-text-field.filter-task input")).hasValue("render");
        assertThat(page.locator("vaadin-text-field.filter-q input")).hasValue("deep-link");
        assertThat(page.locator(".page-range")).hasText("1–1 of 1 job");
        Locator grid = page.locator("vaadin-grid.job-grid");
        assertThat(grid.locator("a.job-link")).hasText(JobIdText.shortText(job.id()));

        // Changing a filter puts it into the URL.
        page.locator("vaadin-text-field.filter-q input").fill("no-such-argument");
        page.locator("vaadin-text-field.filter-q input").press("Enter");
        page.waitForURL(Pattern.compile(".*q=no-such-argument.*"));
        assertThat(page.locator(".page-range")).hasText("0 jobs");
        page.goBack();
        assertThat(page.locator(".page-range")).hasText("1–1 of 1 job");

        // A row click opens the job.
        grid.getByText("FlakyTasks.render", new Locator.GetByTextOptions().setExact(true)).first().click();
        page.waitForURL(Pattern.compile(".*/jobs/" + job.id() + ".*"));
        assertThat(page.locator(".job-facts")).containsText(job.id().toString());

        // The picture: every job of the demo, newest first.
        open("jobs?backend=default&task=chargeCard");
        awaitText(page.locator(".page-range"), Pattern.compile("^1–\\d+ of [\\d,]+\\+? jobs?$"));
        page.mouse().move(1300, 40);
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots().resolve("jobs.png")));
    }

    // ------------------------------------------------------------------ helpers

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

    private void open(String path) {
        page.navigate("http://localhost:" + port + "/" + path);
        assertThat(page.locator("vaadin-app-layout")).isVisible();
    }

    private void signIn(String username, String password) {
        page.navigate("http://localhost:" + port + "/login");
        page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill(username);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL(url -> !url.contains("/login"));
    }

    private static Path screenshots() throws java.io.IOException {
        Path dir = Path.of(System.getProperty("jqueue.test.screenshots", "../screenshots"));
        Files.createDirectories(dir);
        return dir;
    }
}
