package dev.jqueue.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * How many browser tests ran in Chromium, and how many could not: {@link BrowserSession}
 * records each test's outcome, and this listener (registered through {@code META-INF/services})
 * prints the counts at the end of the run and writes them to {@value #FILE}, which CI prints
 * beside the database summary. A run where the browser tests were skipped says so here, not
 * only in a skipped-test count.
 */
public final class BrowserSummary implements TestExecutionListener {

    public static final String FILE = "target/jqueue-test-browser.txt";

    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicInteger SKIPPED = new AtomicInteger();
    private static final AtomicInteger FAILED_WITHOUT_BROWSER = new AtomicInteger();
    private static final Map<String, String> BROWSERS = new ConcurrentHashMap<>();
    private static final Map<String, String> NO_BROWSER = new ConcurrentHashMap<>();

    static void browser(String description) {
        BROWSERS.put(description, description);
    }

    static void passed() {
        PASSED.incrementAndGet();
    }

    static void failed() {
        FAILED.incrementAndGet();
    }

    /** A test that never reached a browser: skipped, or failed where the browser is required. */
    static void withoutBrowser(String testClass, String reason, boolean failed) {
        (failed ? FAILED_WITHOUT_BROWSER : SKIPPED).incrementAndGet();
        NO_BROWSER.putIfAbsent(testClass.replaceFirst("^.*\\.", ""), reason);
    }

    static String render() {
        String module = Path.of(System.getProperty("user.dir")).getFileName().toString();
        int passed = PASSED.get();
        int failed = FAILED.get();
        List<String> lines = new ArrayList<>();
        lines.add("[jqueue tests] browser tests in this run of " + module + ": " + (passed + failed) + " ran in Chromium ("
                + passed + " passed, " + failed + " failed), " + SKIPPED.get() + " skipped, " + FAILED_WITHOUT_BROWSER.get()
                + " failed without a browser (jqueue.test.browser=" + Chromium.setting() + ")");
        new TreeMap<>(BROWSERS).keySet().forEach(browser -> lines.add("  browser: " + browser));
        new TreeMap<>(NO_BROWSER).forEach((type, reason) -> lines.add("  no browser for " + type + ": " + reason));
        return String.join(System.lineSeparator(), lines);
    }

    private static boolean empty() {
        return PASSED.get() + FAILED.get() + SKIPPED.get() + FAILED_WITHOUT_BROWSER.get() == 0;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (empty()) {
            return; // no browser test was selected in this run
        }
        String report = render();
        System.out.println(report);
        try {
            Path file = Path.of(FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, report + System.lineSeparator());
        } catch (IOException e) {
            System.out.println("[jqueue tests] could not write " + FILE + ": " + e.getMessage());
        }
    }
}
