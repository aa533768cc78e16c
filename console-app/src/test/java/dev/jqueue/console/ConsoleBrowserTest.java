package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueue;
import dev.jqueue.console.demo.DemoTasks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The console in a real browser, with the demo profile (demo users, embedded workers and the
 * demo producer) on a fresh SQLite file. Saves the screenshots the README shows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "jqueue.console.data-dir=target/test-data/browser")
@ActiveProfiles("demo")
class ConsoleBrowserTest {

    private static final String QUEUE = "browser-check";
    private static final Duration WAIT = Duration.ofSeconds(30);

    static {
        // Static, so the database is gone before Spring opens it.
        TestDataDirectory.fresh("browser");
    }

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession(WAIT);

    @Autowired
    JQueue jqueue;

    @Test
    void adminSeesTheQueueItEnqueuedInto() throws Exception {
        // Scheduled an hour ahead, so the embedded workers leave the count alone.
        for (int i = 0; i < 3; i++) {
            String recipient = "browser-" + i + "@example.com";
            jqueue.enqueue(DemoTasks.class, EnqueueOptions.onQueue(QUEUE).runAfter(Duration.ofHours(1)),
                    t -> t.sendEmail(recipient, "welcome"));
        }

        browser.signIn("admin", "admin");

        Locator grid = browser.page().locator("vaadin-grid.queue-grid");
        List<String> row = waitFor(() -> GridRows.find(grid, QUEUE), "a grid row for queue " + QUEUE);
        // Columns: queue, ready, scheduled, claimed, blocked, failed, finished, invalid, paused, latency.
        assertThat(row.subList(0, 8)).containsExactly(QUEUE, "0", "3", "0", "0", "0", "0", "0");
        assertThat(browser.page().locator(".backend-facts")).containsText("default");
        assertThat(browser.page().locator(".backend-facts")).containsText("embedded in this console");
        // Charts are server-side SVG; the depth chart says where its numbers come from.
        assertThat(browser.page().locator(".throughput-chart svg.svg-chart")).isVisible();
        assertThat(browser.page().locator(".throughput-chart .chart-caption")).containsText(Pattern.compile("\\d+ finished and \\d+ failed"));
        assertThat(browser.page().locator(".depth-chart svg.svg-chart")).isVisible();
        assertThat(browser.page().locator(".depth-chart .chart-caption")).containsText("sampled every 30 s by this console");
        assertThat(browser.page().locator(".card-attention a.attention-failed")).hasAttribute("href",
                Pattern.compile(".*jobs\\?backend=default&state=failed$"));
        assertThat(browser.page().locator(".backend-facts")).containsText("SQLite");

        // Let the demo producer and workers fill the other queues before taking the picture.
        waitFor(() -> GridRows.find(grid, "mailers").filter(mailers -> !mailers.get(6).equals("0")),
                "finished jobs on the mailers queue");
        waitFor(() -> GridRows.find(grid, "reports"), "the reports queue");
        browser.screenshot("overview.png");

        browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch to dark theme")).click();
        browser.page().waitForFunction("() => getComputedStyle(document.documentElement).colorScheme.includes('dark')");
        browser.page().locator(".color-scheme-toggle").blur();
        browser.page().mouse().move(700, 700);
        browser.screenshot("overview-dark.png");
    }

    @Test
    void wrongPasswordStaysOnTheLoginPageWithAnError() {
        browser.signInExpectingFailure("admin", "not-the-password");

        assertThat(browser.page()).hasURL(Pattern.compile(".*/login\\?error.*"));
        assertThat(browser.page().getByText("Incorrect username or password")).isVisible();
        assertThat(browser.page().locator("vaadin-grid")).hasCount(0);
    }

    @Test
    void viewerSignsInAndSeesTheirRole() {
        browser.signIn("viewer", "viewer");

        assertThat(browser.page().locator(".user-name")).hasText("viewer");
        assertThat(browser.page().locator(".user-role")).hasText("Viewer");
        assertThat(browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
        assertThat(browser.page().locator("vaadin-grid.queue-grid")).isVisible();
    }

    private <T> T waitFor(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for " + what
                + "; grid rows: " + GridRows.read(browser.page().locator("vaadin-grid")));
    }
}
