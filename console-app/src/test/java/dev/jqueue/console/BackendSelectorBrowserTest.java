package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.backend.Backends;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two backends on one database: the backend selector switches the pages between them, keeps the
 * choice in the URL, and each backend shows only its own queues.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/backend-select",
        "jqueue.backends.default.allow-unregistered-tasks=true",
        "jqueue.backends.reports.allow-unregistered-tasks=true"})
@ActiveProfiles("demo")
@Import(DatabaseBrowserContract.HoldTasks.class)
class BackendSelectorBrowserTest {

    static {
        TestDataDirectory.fresh("backend-select");
    }

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession(Duration.ofSeconds(20));

    @Autowired
    Backends backends;

    @Test
    void theSelectorSwitchesTheQueuesPageToTheOtherBackendsQueues() throws Exception {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        backends.get("reports").enqueue(EnqueueOptions.onQueue("monthly-reports").runAt(tomorrow),
                DatabaseBrowserContract.HOLD_TASK, 1);
        backends.get("default").enqueue(EnqueueOptions.onQueue("default-only").runAt(tomorrow),
                DatabaseBrowserContract.HOLD_TASK, 2);
        browser.signIn("operator", "operator");
        browser.open("queues");
        Locator grid = browser.page().locator("vaadin-grid.queue-grid");
        awaitQueues(grid, "default-only");

        browser.page().locator("vaadin-select.backend-select").click();
        browser.page().getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("reports")).click();
        assertThat(browser.page()).hasURL(Pattern.compile(".*queues\\?backend=reports.*"));
        List<String> reports = awaitQueues(grid, "monthly-reports");
        org.assertj.core.api.Assertions.assertThat(reports).as("only the reports backend's queues")
                .containsExactly("monthly-reports");

        browser.open("queues?backend=default");
        assertThat(browser.page().locator("vaadin-select.backend-select")).containsText("default");
        org.assertj.core.api.Assertions.assertThat(awaitQueues(grid, "default-only")).doesNotContain("monthly-reports");
    }

    /** The queue names (first cells) of the grid's visible rows, once {@code expected} is among them. */
    private static List<String> awaitQueues(Locator grid, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> names = List.of();
        while (System.nanoTime() < deadline) {
            names = GridRows.read(grid).stream().map(List::getFirst).map(name -> name.split(" ")[0]).toList();
            if (names.contains(expected)) {
                return names;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("queue " + expected + " not shown; rows: " + names);
    }
}
