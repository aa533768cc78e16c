package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The browser side of a console browser test, registered as a static
 * {@code @RegisterExtension} field: starts {@link Chromium} once per test class (each test is
 * skipped with the reason when it is missing, or fails where {@link Chromium#required()}), opens a
 * fresh 1440x900 page for each test on the Spring Boot test server's port, and offers the sign-in,
 * navigation and screenshot steps the browser tests share. Every test's outcome goes to
 * {@link BrowserSummary}.
 */
final class BrowserSession implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestWatcher {

    private final Duration wait;
    private Chromium chromium;
    /** Why this class has no browser (missing, or it would not launch); null when it has one. */
    private String noBrowser;
    private RuntimeException launchFailure;
    private BrowserContext context;
    private Page page;
    private int port;

    /** {@code wait} is the page's default timeout for every Playwright action and assertion. */
    BrowserSession(Duration wait) {
        this.wait = wait;
    }

    @Override
    public void beforeAll(ExtensionContext extension) {
        // Failures are reported per test (in beforeEach), so each one is counted in the summary.
        try {
            chromium = Chromium.launchIfInstalled().orElse(null);
            noBrowser = chromium == null ? Chromium.missingReason() : null;
        } catch (RuntimeException e) {
            launchFailure = e;
            noBrowser = "Chromium at " + Chromium.executable() + " did not launch: " + e.getMessage();
        }
        if (chromium != null) {
            BrowserSummary.browser(chromium.describe());
        } else {
            System.out.println("[jqueue tests] " + (Chromium.required() ? "failing" : "skipping") + " the browser tests of "
                    + extension.getRequiredTestClass().getSimpleName() + ": " + noBrowser);
        }
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        if (chromium == null) {
            if (launchFailure != null || Chromium.required()) {
                Assertions.fail(noBrowser + (Chromium.required() ? "; the browser is required (jqueue.test.browser="
                        + Chromium.setting() + ")" : ""), launchFailure);
            }
            Assumptions.abort(noBrowser);
        }
        port = SpringExtension.getApplicationContext(extension).getEnvironment()
                .getRequiredProperty("local.server.port", Integer.class);
        openPage();
    }

    private void openPage() {
        context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        context.setDefaultTimeout(wait.toMillis());
        // assertions have a timeout of their own (5 s unless set): pages refresh on a timer, so give them the same wait
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(wait.toMillis());
        page = context.newPage();
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        if (context != null) {
            context.close();
            context = null;
            page = null;
        }
    }

    @Override
    public void testSuccessful(ExtensionContext extension) {
        BrowserSummary.passed();
    }

    @Override
    public void testFailed(ExtensionContext extension, Throwable cause) {
        if (chromium == null) {
            BrowserSummary.withoutBrowser(extension.getRequiredTestClass().getName(), noBrowser, true);
        } else {
            BrowserSummary.failed();
        }
    }

    @Override
    public void testAborted(ExtensionContext extension, Throwable cause) {
        BrowserSummary.withoutBrowser(extension.getRequiredTestClass().getName(),
                chromium == null ? noBrowser : "aborted: " + cause.getMessage(), false);
    }

    @Override
    public void testDisabled(ExtensionContext extension, Optional<String> reason) {
        BrowserSummary.withoutBrowser(extension.getRequiredTestClass().getName(), "disabled: " + reason.orElse(""), false);
    }

    /**
     * Closes this test's browser context (its cookies: the signed-in user) and opens a fresh
     * page, so one test can show a page to two users in turn.
     */
    void newSession() {
        afterEach(null);
        openPage();
    }

    /** The current test's page. */
    Page page() {
        return page;
    }

    /** The console's address for {@code path} (no leading slash). */
    String url(String path) {
        return "http://localhost:" + port + "/" + path;
    }

    /** Opens the login page and submits {@code username} and {@code password}. */
    void submitLogin(String username, String password) {
        page.navigate(url("login"));
        page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill(username);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    }

    /** Signs in and waits until the console's layout shows. */
    void signIn(String username, String password) {
        submitLogin(username, password);
        page.waitForURL(url -> !url.contains("/login"));
        assertThat(page.locator("vaadin-app-layout")).isVisible();
    }

    /** Submits a login that the console refuses, and waits for the login page's error. */
    void signInExpectingFailure(String username, String password) {
        submitLogin(username, password);
        page.waitForURL(url -> url.contains("/login?error"));
    }

    /** Opens {@code path} and waits until the console's layout shows. */
    void open(String path) {
        page.navigate(url(path));
        assertThat(page.locator("vaadin-app-layout")).isVisible();
    }

    /** Saves a screenshot of the page as {@code name} in {@link #screenshots()}. */
    void screenshot(String name) throws IOException {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots().resolve(name)));
    }

    /** The repository's screenshots/ folder (surefire passes it; ../screenshots from the module otherwise). */
    static Path screenshots() throws IOException {
        Path dir = Path.of(System.getProperty("jqueue.test.screenshots", "../screenshots"));
        Files.createDirectories(dir);
        return dir;
    }
}
