package dev.jqueue.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueueTask;
import dev.jqueue.JobState;
import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.actions.ActionRefused;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.demo.DemoTasks;
import dev.jqueue.console.processes.ProcessReads;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobSearch;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;

/**
 * The operations pages (failed jobs, recurring tasks, semaphores, processes, audit log) in a
 * real browser with the demo profile: an admin creates a dynamic recurring task in the editor,
 * an operator retries a failed group after a confirmation that states the count, a viewer sees
 * no actions and cannot open the audit log. Saves the pages' screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "jqueue.console.data-dir=target/test-data/operations")
@ActiveProfiles("demo")
@Import(OperationsBrowserTest.BrowserCheckTasks.class)
class OperationsBrowserTest {

    static final String FAILING_TASK = "browser.alwaysFails";
    static final String VIEWER_TASK = "browser.viewerFails";
    static final String DISCARD_TASK = "browser.discardFails";
    static final String FAILURE = BrowserCheckFailure.class.getName();
    private static final Duration WAIT = Duration.ofSeconds(20);

    static {
        // Static, so the database is gone before Spring opens it.
        TestDataDirectory.fresh("operations");
    }

    /** Always fails with its own exception class, so its failed group is this test's alone. */
    static class BrowserCheckTasks {
        @JQueueTask(name = FAILING_TASK, queue = "browser-failed")
        public void alwaysFails(String order) {
            throw new BrowserCheckFailure("payment gateway rejected order " + order + " <script>alert(1)</script>");
        }

        @JQueueTask(name = DISCARD_TASK, queue = "browser-discard")
        public void discardFails(String order) {
            throw new BrowserCheckFailure("declined " + order);
        }

        @JQueueTask(name = VIEWER_TASK, queue = "browser-viewer")
        public void viewerFails(String order) {
            throw new BrowserCheckFailure("rejected " + order);
        }
    }

    static class BrowserCheckFailure extends RuntimeException {
        BrowserCheckFailure(String message) {
            super(message);
        }
    }

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession(WAIT);

    @Autowired
    Backends backends;

    @Autowired
    ConsoleActions actions;

    @Autowired
    ProcessReads processReads;

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    private Backend backend() {
        return backends.get("default");
    }

    @Test
    void adminCreatesADynamicRecurringTaskWithLiveScheduleValidation() throws Exception {
        browser.signIn("admin", "admin");
        browser.open("recurring");

        assertThat(browser.page().locator(".dynamic-tasks-state")).containsText("Dynamic tasks fire");
        Locator grid = browser.page().locator("vaadin-grid.recurring-grid");
        waitFor(() -> GridRows.find(grid, "minute-digest"), "the static demo task", grid);

        browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New dynamic task")).click();
        Locator dialog = browser.page().getByRole(AriaRole.DIALOG);
        dialog.getByLabel("Key", new Locator.GetByLabelOptions().setExact(true)).fill("browser-digest");
        dialog.getByLabel("Task", new Locator.GetByLabelOptions().setExact(true)).fill("buildReport");
        browser.page().getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(DemoTasks.class.getName() + ".buildReport"))
                .click();

        Locator schedule = dialog.getByLabel("Schedule", new Locator.GetByLabelOptions().setExact(true));
        schedule.fill("61 * * * *");
        assertThat(dialog.getByText("schedule must be a valid cron expression")).isVisible();
        assertThat(dialog.locator(".schedule-description")).hasCount(0);

        schedule.fill("*/5 * * * *");
        assertThat(dialog.locator(".schedule-description")).containsText("5 minutes");
        assertThat(dialog.locator(".schedule-next-runs li")).hasCount(5);
        assertThat(dialog.getByText("schedule must be a valid cron expression")).isHidden();

        Locator arguments = dialog.getByLabel("Arguments (JSON array)", new Locator.GetByLabelOptions().setExact(true));
        arguments.fill("[\"browser-report\"");
        assertThat(dialog.getByText("arguments must be a JSON array", new Locator.GetByTextOptions().setExact(false)))
                .isVisible();
        arguments.fill("[\"browser-report\", 2]");
        assertThat(dialog.getByText("takes 1 argument(s)", new Locator.GetByTextOptions().setExact(false))).isVisible();
        arguments.fill("[\"browser-report\"]");
        dialog.getByLabel("Description", new Locator.GetByLabelOptions().setExact(true)).fill("Made in the browser test");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();

        assertThat(browser.page().getByRole(AriaRole.DIALOG)).hasCount(0);
        List<String> row = waitFor(() -> GridRows.find(grid, "browser-digest"), "the new task in the list", grid);
        assertThat(row).contains("*/5 * * * *", "reports", "dynamic");
        assertThat(browser.page()).hasURL(Pattern.compile(".*recurring\\?.*key=browser-digest.*"));
        assertThat(browser.page().locator(".recurring-details-title")).hasText("browser-digest");
        assertThat(backend().recurring().find("browser-digest")).get()
                .satisfies(task -> assertThat(task.args()).containsExactly("browser-report"));

        // The deep link opens the same selection; the editor comes back filled in, key fixed.
        browser.open("recurring?key=browser-digest");
        assertThat(browser.page().locator(".recurring-details-title")).hasText("browser-digest");
        browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit")).click();
        Locator editor = browser.page().getByRole(AriaRole.DIALOG);
        assertThat(editor.getByLabel("Key", new Locator.GetByLabelOptions().setExact(true))).hasValue("browser-digest");
        assertThat(editor.locator(".schedule-description")).containsText("5 minutes");
        assertThat(editor.locator(".schedule-next-runs li")).hasCount(5);
        settle();
        browser.screenshot("recurring.png");
        editor.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(browser.page().getByRole(AriaRole.DIALOG)).hasCount(0);
    }

    @Test
    void operatorRetriesAWholeFailedGroupAfterTheConfirmationStatesTheCount() throws Exception {
        for (int i = 0; i < 3; i++) {
            String order = "order-" + i;
            backend().enqueue(FAILING_TASK, order);
        }
        waitForFailed(JobFilter.none().withTaskPath(FAILING_TASK).withQueue("browser-failed"), 3);

        browser.signIn("operator", "operator");
        String group = FAILURE + "|" + FAILING_TASK;
        browser.open("failed?group=" + URLEncoder.encode(group, StandardCharsets.UTF_8));

        assertThat(browser.page().locator(".failed-group-title")).hasText("OperationsBrowserTest.BrowserCheckFailure in browser.alwaysFails");
        assertThat(browser.page().locator(".failed-last-message")).containsText("payment gateway rejected order");
        assertThat(browser.page().locator(".failed-last-message")).containsText("<script>alert(1)</script>");
        assertThat(browser.page().locator(".failed-stack-trace")).containsText("at dev.jqueue.console.OperationsBrowserTest$BrowserCheckTasks.alwaysFails");
        Locator jobs = browser.page().locator("vaadin-grid.failed-group-jobs");
        waitFor(() -> GridRows.read(jobs).size() == 3 ? Optional.of(true) : Optional.empty(), "the group's 3 jobs", jobs);
        settle();
        browser.screenshot("failed.png");

        browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry group (3)")).click();
        Locator confirm = browser.page().getByRole(AriaRole.ALERTDIALOG);
        assertThat(confirm).containsText("Retry 3 failed jobs?");
        assertThat(confirm).containsText("all 3 failed jobs of the group");
        confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Retry")).click();

        assertThat(browser.page().locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("Retried 3 failed job(s)")))
                .isVisible();
        AuditEvent event = new AuditLog(backend().context().db).search("operator", "retry-matching", AuditEvent.SUCCESS, null,
                null, null, 0, 1).getFirst();
        assertThat(event.affected()).isEqualTo(3);
        assertThat(event.target()).contains(FAILING_TASK);
    }

    @Test
    void operatorDiscardsSelectedJobsAGroupAndAllMatchingEachAfterItsCount() throws Exception {
        for (int i = 0; i < 2; i++) {
            backend().enqueue(EnqueueOptions.onQueue("browser-discard-a"), DISCARD_TASK, "a-" + i);
        }
        for (int i = 0; i < 3; i++) {
            backend().enqueue(EnqueueOptions.onQueue("browser-discard-b"), DISCARD_TASK, "b-" + i);
        }
        waitForFailed(JobFilter.none().withTaskPath(DISCARD_TASK).withQueue("browser-discard-a"), 2);
        waitForFailed(JobFilter.none().withTaskPath(DISCARD_TASK).withQueue("browser-discard-b"), 3);
        browser.signIn("operator", "operator");
        String group = URLEncoder.encode(FAILURE + "|" + DISCARD_TASK, StandardCharsets.UTF_8);

        // one selected job of queue a
        browser.open("failed?queue=browser-discard-a&group=" + group);
        Locator jobs = browser.page().locator("vaadin-grid.failed-group-jobs");
        waitFor(() -> GridRows.read(jobs).size() == 2 ? Optional.of(true) : Optional.empty(), "queue a's 2 jobs", jobs);
        jobs.locator("vaadin-checkbox:not(.vaadin-grid-select-all-checkbox) input[type=checkbox]").first().click();
        browser.page().locator("vaadin-button.discard-selected").click();
        Locator confirm = browser.page().getByRole(AriaRole.ALERTDIALOG);
        assertThat(confirm).containsText("Discard 1 failed job?");
        confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Discard")).click();
        waitForFailed(JobFilter.none().withTaskPath(DISCARD_TASK).withQueue("browser-discard-a"), 1);

        // the rest of the group in queue a
        browser.open("failed?queue=browser-discard-a&group=" + group);
        browser.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Discard group (1)")).click();
        confirm = browser.page().getByRole(AriaRole.ALERTDIALOG);
        assertThat(confirm).containsText("Discards all 1 failed job of the group");
        confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Discard")).click();
        waitForFailed(JobFilter.none().withTaskPath(DISCARD_TASK).withQueue("browser-discard-a"), 0);
        waitForFailed(JobFilter.none().withTaskPath(DISCARD_TASK).withQueue("browser-discard-b"), 3);

        // everything matching the filter of queue b
        browser.open("failed?queue=browser-discard-b");
        browser.page().locator("vaadin-button.discard-all").click();
        confirm = browser.page().getByRole(AriaRole.ALERTDIALOG);
        assertThat(confirm).containsText("Discard 3 failed jobs?");
        confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Discard")).click();
        waitForFailed(JobFilter.none().withTaskPath(DISCARD_TASK).withQueue("browser-discard-b"), 0);
        assertThat(new AuditLog(backend().context().db).search("operator", "discard-matching", AuditEvent.SUCCESS, null,
                null, null, 0, 5)).extracting(AuditEvent::affected).contains(3, 1);
    }

    @Test
    void adminEditsADynamicTasksScheduleAndThenUnschedulesIt() throws Exception {
        backend().recurring().schedule("browser-edit", VIEWER_TASK, "0 5 * * *", List.of("edit-me"));
        browser.signIn("admin", "admin");
        browser.open("recurring?key=browser-edit");
        assertThat(browser.page().locator(".recurring-details-title")).hasText("browser-edit");

        browser.page().locator("vaadin-button.recurring-edit").click();
        Locator editor = browser.page().getByRole(AriaRole.DIALOG);
        editor.getByLabel("Schedule", new Locator.GetByLabelOptions().setExact(true)).fill("30 6 * * *");
        assertThat(editor.locator(".schedule-next-runs li")).hasCount(5);
        editor.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        assertThat(browser.page().getByRole(AriaRole.DIALOG)).hasCount(0);
        waitFor(() -> backend().recurring().find("browser-edit").filter(t -> t.schedule().equals("30 6 * * *")),
                "the saved schedule", null);

        browser.page().locator("vaadin-button.recurring-unschedule").click();
        Locator confirm = browser.page().getByRole(AriaRole.ALERTDIALOG);
        assertThat(confirm).containsText("browser-edit");
        confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unschedule")).click();
        waitFor(() -> backend().recurring().find("browser-edit").isEmpty() ? Optional.of(true) : Optional.empty(),
                "the task gone", null);
    }

    @Test
    void viewerSeesNoActionButtonsAndCannotOpenTheAuditLog() throws Exception {
        backend().enqueue(VIEWER_TASK, "viewer-order");
        waitForFailed(JobFilter.none().withQueue("browser-viewer"), 1);
        backend().recurring().schedule("viewer-visible", VIEWER_TASK, "0 4 * * *", List.of("nightly"));
        String failedPage = "failed?queue=browser-viewer&group=" + URLEncoder.encode(FAILURE + "|" + VIEWER_TASK,
                StandardCharsets.UTF_8);
        List<String> failedButtons = List.of(".retry-all", ".discard-all", ".retry-group", ".discard-group", ".retry-selected",
                ".discard-selected");
        List<String> recurringButtons = List.of(".recurring-new", ".recurring-edit", ".recurring-unschedule");

        // First the roles that may act: an operator has the failed-job buttons, an admin the
        // recurring editor's and the audit log. So the classes the viewer lacks below exist.
        browser.signIn("operator", "operator");
        browser.open(failedPage);
        assertThat(browser.page().locator(".failed-group-title")).isVisible();
        for (String button : failedButtons) {
            assertThat(browser.page().locator(button).first()).isAttached();
        }
        browser.newSession();
        browser.signIn("admin", "admin");
        browser.open("recurring?key=viewer-visible");
        assertThat(browser.page().locator(".recurring-details-title")).hasText("viewer-visible");
        for (String button : recurringButtons) {
            assertThat(browser.page().locator(button).first()).isAttached();
        }
        assertThat(browser.page().locator("vaadin-side-nav-item").filter(new Locator.FilterOptions().setHasText("Audit log")))
                .hasCount(1);
        browser.open("audit");
        assertThat(browser.page().locator(".audit-view")).hasCount(1);
        assertThat(browser.page().locator("vaadin-grid.audit-grid")).hasCount(1);

        browser.newSession();
        browser.signIn("viewer", "viewer");
        assertThat(browser.page().locator("vaadin-side-nav-item").filter(new Locator.FilterOptions().setHasText("Failed jobs")))
                .hasCount(1);
        assertThat(browser.page().locator("vaadin-side-nav-item").filter(new Locator.FilterOptions().setHasText("Audit log")))
                .hasCount(0);

        browser.page().navigate(browser.url("audit"));
        // Vaadin answers a route the user's role may not open as if it did not exist.
        assertThat(browser.page().getByText("Could not navigate to 'audit'")).isVisible();
        assertThat(browser.page().locator("vaadin-grid.audit-grid")).hasCount(0);
        assertThat(browser.page().locator(".audit-view")).hasCount(0);

        browser.open(failedPage);
        assertThat(browser.page().locator(".failed-group-title")).isVisible();
        assertThat(browser.page().locator(".failed-stack-trace")).isVisible();
        for (String button : failedButtons) {
            assertThat(browser.page().locator(button)).hasCount(0);
        }

        browser.open("recurring?key=viewer-visible");
        assertThat(browser.page().locator(".recurring-details-title")).hasText("viewer-visible");
        for (String button : recurringButtons) {
            assertThat(browser.page().locator(button)).hasCount(0);
        }
        browser.open("recurring?key=minute-digest");
        assertThat(browser.page().locator(".recurring-static-note")).containsText("jqueue.backends.default.recurring.minute-digest");
    }

    @Test
    void semaphoresProcessesAndAuditLogShowTheirRows() throws Exception {
        for (int i = 0; i < 4; i++) {
            backend().enqueue(DemoTasks.class, t -> t.exportAccount("browser-check"));
        }
        waitForBlocked("export:browser-check");
        recordAuditEvents();

        browser.signIn("admin", "admin");
        browser.open("semaphores?key=" + URLEncoder.encode("export:browser-check", StandardCharsets.UTF_8));
        Locator semaphores = browser.page().locator("vaadin-grid.semaphores-grid");
        List<String> row = waitFor(() -> GridRows.find(semaphores, "export:browser-check"), "the semaphore row", semaphores);
        assertThat(row.get(3)).isEqualTo("1");
        assertThat(browser.page().locator(".semaphore-details-title")).hasText("Blocked on export:browser-check");
        Locator blocked = browser.page().locator("vaadin-grid.semaphore-blocked-jobs");
        waitFor(() -> GridRows.read(blocked).isEmpty() ? Optional.empty() : Optional.of(true), "blocked jobs", blocked);
        settle();
        browser.screenshot("semaphores.png");

        ProcessReads.ProcessRow worker = waitFor(() -> processReads.processes("default").rows().stream()
                .filter(p -> p.kind().equals("Worker") && p.claimedJobs() > 0).findFirst(), "a worker holding jobs", null);
        browser.open("processes?process=" + worker.id());
        Locator tree = browser.page().locator("vaadin-grid.process-tree");
        waitFor(() -> GridRows.read(tree).stream().filter(r -> r.contains("Supervisor")).findFirst(), "the supervisor row", tree);
        waitFor(() -> GridRows.read(tree).stream().filter(r -> r.contains("Worker")).findFirst(), "a worker row", tree);
        assertThat(browser.page().locator(".process-details-title")).containsText("Worker");
        assertThat(browser.page().locator(".process-metadata")).containsText("\"queues\"");
        settle();
        browser.screenshot("processes.png");

        browser.open("audit");
        Locator audit = browser.page().locator("vaadin-grid.audit-grid");
        waitFor(() -> GridRows.read(audit).stream().filter(r -> r.contains("refused")).findFirst(), "a refused event", audit);
        waitFor(() -> GridRows.read(audit).stream().filter(r -> r.contains("pause")).findFirst(), "the pause event", audit);
        browser.open("audit?outcome=refused");
        waitFor(() -> GridRows.read(audit).stream().allMatch(r -> r.contains("refused")) && !GridRows.read(audit).isEmpty()
                ? Optional.of(true) : Optional.empty(), "only refused events", audit);
        browser.open("audit");
        waitFor(() -> GridRows.read(audit).stream().filter(r -> r.contains("pause")).findFirst(), "the pause event", audit);
        settle();
        browser.screenshot("audit.png");
    }

    /** A few actions through ConsoleActions as different users, so the audit log has rows of each kind. */
    private void recordAuditEvents() {
        as("admin", "ADMIN", "OPERATOR", "VIEWER", () -> {
            actions.pause("default", "browser-audit");
            actions.resume("default", "browser-audit");
        });
        as("viewer", "VIEWER", () -> {
            try {
                actions.clear("default", "mailers");
            } catch (ActionRefused expected) {
                // audited as refused
            }
        });
    }

    private static void as(String user, String role, Executable work) {
        as(user, role, null, null, work);
    }

    private static void as(String user, String role, String role2, String role3, Executable work) {
        var authorities = java.util.stream.Stream.of(role, role2, role3).filter(java.util.Objects::nonNull)
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, null, authorities));
        try {
            work.execute();
        } catch (Throwable e) {
            throw new AssertionError(e);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** Lets opening animations finish before a screenshot. */
    private void settle() {
        browser.page().mouse().move(10, 890);
        browser.page().waitForFunction("() => !document.querySelector('[opening], [closing]')");
        browser.page().waitForTimeout(300);
    }

    private void waitForFailed(JobFilter filter, int count) throws InterruptedException {
        JobSearch search = new JobSearch(backend().context());
        waitFor(() -> search.search(filter.withState(JobState.FAILED), null, 0, 10).rows().size() == count
                ? Optional.of(true) : Optional.empty(), count + " failed jobs", null);
    }

    private void waitForBlocked(String key) throws InterruptedException {
        JobSearch search = new JobSearch(backend().context());
        waitFor(() -> search.search(JobFilter.state(JobState.BLOCKED).withConcurrencyKey(key), null, 0, 1).rows().isEmpty()
                ? Optional.empty() : Optional.of(true), "jobs blocked on " + key, null);
    }

    private <T> T waitFor(Supplier<Optional<T>> probe, String what, Locator grid) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for " + what
                + (grid == null ? "" : "; grid rows: " + GridRows.read(grid)));
    }
}
