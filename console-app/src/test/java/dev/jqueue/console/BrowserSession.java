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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The browser side of a console browser test, registered as a static
 * {@code @RegisterExtension} field: starts {@link Chromium} once per test class (each test is
 * skipped with the reason when it is missing), opens a fresh 1440x900 page for each test on the
 * Spring Boot test server's port, and offers the sign-in, navigation and screenshot steps the
 * browser tests share.
 */
final class BrowserSession implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Duration wait;
    private Chromium chromium;
    private BrowserContext context;
    private Page page;
    private int port;

    /** {@code wait} is the page's default timeout for every Playwright action and assertion. */
    BrowserSession(Duration wait) {
        this.wait = wait;
    }

    @Override
    public void beforeAll(ExtensionContext extension) {
        chromium = Chromium.launchIfInstalled().orElse(null);
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
        Assumptions.assumeTrue(chromium != null, Chromium::missingReason);
        port = SpringExtension.getApplicationContext(extension).getEnvironment()
                .getRequiredProperty("local.server.port", Integer.class);
        context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        context.setDefaultTimeout(wait.toMillis());
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
