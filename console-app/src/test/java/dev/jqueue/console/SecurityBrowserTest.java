package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The console's security in a real browser with the demo profile: an admin manages a user on
 * the Users page (create, role, password reset, disable, enable) and each change is what the
 * user meets at the next sign-in; repeated failures pause sign-in with a message that names no
 * user; sign-out ends the session; and every page works under the Content-Security-Policy
 * (no violation reported by Chromium). Saves the Users page and locked-out login screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/security-browser",
        "jqueue.console.security.login.max-failures-per-user=3"})
@ActiveProfiles("demo")
class SecurityBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Collects what Chromium reports as blocked by the page's Content-Security-Policy. */
    private static final String RECORD_CSP_VIOLATIONS = """
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
            """;

    static {
        // Static, so the database is gone before Spring opens it.
        TestDataDirectory.fresh("security-browser");
    }

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession(WAIT);

    @Autowired
    Backends backends;

    @Test
    void anAdminCreatesChangesDisablesAndEnablesAUser() throws Exception {
        browser.signIn("admin", "admin");
        browser.open("users");
        Page page = browser.page();
        Locator grid = page.locator("vaadin-grid.users-grid");
        assertThat(grid).containsText("read-only (configuration)");

        Locator dialog = newUser("ivy", "Operator", "ivy's first password", "ivy's first typo");
        assertThat(dialog.locator(".form-error")).hasText("The two passwords differ");
        field(dialog, "Repeat the password").fill("ivy's first password");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create")).click();
        assertThat(page.getByRole(AriaRole.DIALOG)).hasCount(0);
        notified("Created user ivy (Operator)");
        assertThat(row(grid, "ivy")).containsExactly("ivy", "Operator", "enabled", "console");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Role ivy")).click();
        choose(page.getByRole(AriaRole.DIALOG), "Viewer");
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        notified("Changed the role of ivy from Operator to Viewer");
        assertThat(row(grid, "ivy").get(1)).isEqualTo("Viewer");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset password ivy")).click();
        Locator reset = page.getByRole(AriaRole.DIALOG);
        field(reset, "New password").fill("ivy's second password");
        field(reset, "Repeat the password").fill("ivy's second password");
        reset.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reset password")).click();
        notified("Reset the password of ivy");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable ivy")).click();
        Locator confirm = page.getByRole(AriaRole.ALERTDIALOG);
        assertThat(confirm).containsText("ivy will no longer be able to sign in");
        confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable").setExact(true)).click();
        notified("Disabled ivy");
        assertThat(row(grid, "ivy").get(2)).isEqualTo("disabled");
        assertThat(signInElsewhere("ivy", "ivy's second password")).as("disabled").contains("/login?error");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable ivy")).click();
        notified("Enabled ivy");
        assertThat(signInElsewhere("ivy", "ivy's first password")).as("the old password").contains("/login?error");
        assertThat(signInElsewhere("ivy", "ivy's second password")).doesNotContain("/login");
        assertThat(row(grid, "ivy")).containsExactly("ivy", "Viewer", "enabled", "console");
        page.mouse().move(700, 700);
        browser.screenshot("users.png");

        assertThat(new AuditLog(backends.primary().context().db).search("admin", null, AuditEvent.SUCCESS, "ivy", null,
                null, 0, 20)).extracting(AuditEvent::action).contains("create-user", "set-user-role",
                "reset-user-password", "disable-user", "enable-user");
    }

    @Test
    void aRefusedChangeStaysInItsDialogWithTheReason() {
        browser.signIn("admin", "admin");
        browser.open("users");
        Page page = browser.page();
        Locator dialog = newUser("viewer", "Viewer", "short", "short");
        assertThat(dialog.locator(".form-error")).hasText("A user named viewer already exists");

        field(dialog, "User name").fill("wendy");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create")).click();
        assertThat(dialog.locator(".form-error")).hasText("The password must have at least 12 characters");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(page.locator("vaadin-grid.users-grid")).not().containsText("wendy");
    }

    @Test
    void repeatedFailuresPauseSignInWithAMessageThatNamesNoUser() throws Exception {
        for (int i = 1; i <= 2; i++) {
            browser.signInExpectingFailure("someone-unknown", "guess-" + i);
            assertThat(browser.page().getByText("Incorrect username or password")).isVisible();
        }
        browser.submitLogin("someone-unknown", "guess-3");
        browser.page().waitForURL(url -> url.contains("/login?locked="));

        assertThat(browser.page().getByText("Too many failed sign-ins")).isVisible();
        assertThat(browser.page().getByText(Pattern.compile("Try again in 1 minute"))).isVisible();
        assertThat(browser.page().locator("vaadin-login-form")).not().containsText("someone-unknown");
        browser.screenshot("login-locked.png");
    }

    @Test
    void signingOutEndsTheSession() {
        browser.signIn("viewer", "viewer");

        browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        browser.page().waitForURL(url -> url.contains("/login"));
        assertThat(browser.page().locator("vaadin-login-form")).isVisible();

        browser.page().navigate(browser.url("jobs"));
        browser.page().waitForURL(url -> url.contains("/login"));
        assertThat(browser.page().locator("vaadin-app-layout")).hasCount(0);
    }

    @Test
    void everyPageWorksUnderTheContentSecurityPolicy() {
        Page page = browser.page();
        page.addInitScript(RECORD_CSP_VIOLATIONS);
        List<String> consoleErrors = new ArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy") || message.text().contains("Content-Security-Policy")) {
                consoleErrors.add(message.text());
            }
        });
        browser.signIn("admin", "admin");

        for (String path : List.of("", "queues", "jobs", "failed", "recurring", "semaphores", "processes", "audit", "users")) {
            Response response = page.navigate(browser.url(path));
            assertThat(response.headers()).containsKey("content-security-policy");
            assertThat(page.locator("vaadin-app-layout")).isVisible();
            assertThat(page.locator("vaadin-grid").first()).isVisible();
            assertThat(violations(page)).as("CSP violations on /" + path).isEmpty();
        }
        // Interaction still works: the theme switch runs and a dialog opens and closes.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New user")).click();
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(page.getByRole(AriaRole.DIALOG)).hasCount(0);
        assertThat(violations(page)).isEmpty();
        assertThat(consoleErrors).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations(Page page) {
        return (List<String>) page.evaluate("() => window.__cspViolations || []");
    }

    /** Opens the New user dialog, fills it in and presses Create; returns the dialog. */
    private static Locator newUser(String username, String role, String password, String repeat) {
        browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New user")).click();
        Locator dialog = browser.page().getByRole(AriaRole.DIALOG);
        field(dialog, "User name").fill(username);
        choose(dialog, role);
        field(dialog, "New password").fill(password);
        field(dialog, "Repeat the password").fill(repeat);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create")).click();
        return dialog;
    }

    private static Locator field(Locator dialog, String label) {
        return dialog.getByLabel(label, new Locator.GetByLabelOptions().setExact(true));
    }

    private static void choose(Locator dialog, String role) {
        dialog.locator("vaadin-select").click();
        dialog.page().getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(role).setExact(true)).click();
    }

    private static void notified(String text) {
        assertThat(browser.page().locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText(text))
                .first()).isVisible();
    }

    /** The cells of the user's row (user, role, status, managed in), read once the grid shows it. */
    private static List<String> row(Locator grid, String username) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
            found = GridRows.find(grid, username).map(cells -> cells.subList(0, 4)).orElse(List.of());
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no row for " + username + " in " + GridRows.read(grid));
    }

    /** Signs in in a second, separate browser and returns the address it lands on. */
    private static String signInElsewhere(String username, String password) {
        BrowserContext other = browser.page().context().browser().newContext();
        try {
            Page page = other.newPage();
            page.setDefaultTimeout(WAIT.toMillis());
            page.navigate(browser.url("login"));
            page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill(username);
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
            page.waitForURL(url -> !url.endsWith("/login"));
            return page.url();
        } finally {
            other.close();
        }
    }
}
