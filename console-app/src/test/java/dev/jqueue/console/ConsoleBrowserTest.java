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
import dev.jqueue.console.demo.DemoTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
        Browser browser = chromium.browser();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
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
    void adminSeesTheQueueItEnqueuedInto() throws Exception {
        // Scheduled an hour ahead, so the embedded workers leave the count alone.
        for (int i = 0; i < 3; i++) {
            String recipient = "browser-" + i + "@example.com";
            jqueue.enqueue(DemoTasks.class, EnqueueOptions.onQueue(QUEUE).runAfter(Duration.ofHours(1)),
                    t -> t.sendEmail(recipient, "welcome"));
        }

        signIn("admin", "admin");

        Locator grid = page.locator("vaadin-grid.queue-grid");
        List<String> row = waitFor(() -> GridRows.find(grid, QUEUE), "a grid row for queue " + QUEUE);
        // Columns: queue, ready, scheduled, claimed, blocked, failed, finished, invalid, paused, latency.
        assertThat(row.subList(0, 8)).containsExactly(QUEUE, "0", "3", "0", "0", "0", "0", "0");
        assertThat(page.locator(".backend-facts")).containsText("default");
        assertThat(page.locator(".backend-facts")).containsText("embedded in this console");
        // Charts are server-side SVG; the depth chart says where its numbers come from.
        assertThat(page.locator(".throughput-chart svg.svg-chart")).isVisible();
        assertThat(page.locator(".throughput-chart .chart-caption")).containsText(Pattern.compile("\\d+ finished and \\d+ failed"));
        assertThat(page.locator(".depth-chart svg.svg-chart")).isVisible();
        assertThat(page.locator(".depth-chart .chart-caption")).containsText("sampled every 30 s by this console");
        assertThat(page.locator(".card-attention a.attention-failed")).hasAttribute("href",
                Pattern.compile(".*jobs\\?backend=default&state=failed$"));
        assertThat(page.locator(".backend-facts")).containsText("SQLite");

        // Let the demo producer and workers fill the other queues before taking the picture.
        waitFor(() -> GridRows.find(grid, "mailers").filter(mailers -> !mailers.get(6).equals("0")),
                "finished jobs on the mailers queue");
        waitFor(() -> GridRows.find(grid, "reports"), "the reports queue");
        Path screenshots = screenshotDirectory();
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("overview.png")));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch to dark theme")).click();
        page.waitForFunction("() => getComputedStyle(document.documentElement).colorScheme.includes('dark')");
        page.locator(".color-scheme-toggle").blur();
        page.mouse().move(700, 700);
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("overview-dark.png")));
    }

    @Test
    void wrongPasswordStaysOnTheLoginPageWithAnError() {
        signInExpectingFailure("admin", "not-the-password");

        assertThat(page).hasURL(Pattern.compile(".*/login\\?error.*"));
        assertThat(page.getByText("Incorrect username or password")).isVisible();
        assertThat(page.locator("vaadin-grid")).hasCount(0);
    }

    @Test
    void viewerSignsInAndSeesTheirRole() {
        signIn("viewer", "viewer");

        assertThat(page.locator(".user-name")).hasText("viewer");
        assertThat(page.locator(".user-role")).hasText("Viewer");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
        assertThat(page.locator("vaadin-grid.queue-grid")).isVisible();
    }

    private void signIn(String username, String password) {
        submitLogin(username, password);
        page.waitForURL(url -> !url.contains("/login"));
        assertThat(page.locator("vaadin-app-layout")).isVisible();
    }

    private void signInExpectingFailure(String username, String password) {
        submitLogin(username, password);
        page.waitForURL(url -> url.contains("/login?error"));
    }

    private void submitLogin(String username, String password) {
        page.navigate("http://localhost:" + port + "/login");
        page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill(username);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
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
                + "; grid rows: " + GridRows.read(page.locator("vaadin-grid")));
    }

    /** The repository's screenshots/ folder (surefire passes it; ../screenshots from the module otherwise). */
    private static Path screenshotDirectory() throws java.io.IOException {
        Path dir = Path.of(System.getProperty("jqueue.test.screenshots", "../screenshots"));
        Files.createDirectories(dir);
        return dir;
    }
}
