package dev.jqueue.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system's Chromium driven by Playwright; Playwright never downloads a browser here.
 * Where Chromium is missing the browser tests are skipped with the reason (each test
 * reported as skipped), unless {@link #required()} asks for a failure.
 */
final class Chromium implements AutoCloseable {

    private static final String DEFAULT_PATH = "/usr/bin/chromium";

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /**
     * {@code -Djqueue.test.browser=require}, else {@code JQUEUE_TEST_BROWSER=require} in the
     * environment (CI sets it): a missing browser fails the browser tests instead of skipping them.
     * Read the way {@code TestDatabase.databasesRequired()} reads {@code JQUEUE_TEST_DATABASES}.
     */
    static boolean required() {
        return "require".equalsIgnoreCase(setting());
    }

    /** The setting as given ({@code auto} when neither the property nor the variable is set). */
    static String setting() {
        String property = System.getProperty("jqueue.test.browser");
        String value = property == null || property.isBlank() ? System.getenv("JQUEUE_TEST_BROWSER") : property;
        return value == null || value.isBlank() ? "auto" : value.trim();
    }

    /** Launches headless Chromium, or returns empty when there is none ({@link #missingReason()} says why). */
    static Optional<Chromium> launchIfInstalled() {
        Path executable = executable();
        if (!Files.isExecutable(executable)) {
            return Optional.empty();
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            return Optional.of(new Chromium(playwright, browser));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    static String missingReason() {
        return "Chromium not found at " + executable() + " (set -Djqueue.test.chromium=PATH or JQUEUE_CHROMIUM,"
                + " or apt-get install chromium)";
    }

    /**
     * {@code jqueue.chromium}, else {@code jqueue.test.chromium}, else {@code JQUEUE_CHROMIUM}.
     * The engine rejects unknown {@code jqueue.*} system properties at start-up except under
     * {@code jqueue.test.}, so the second spelling is the one to pass to a Maven build.
     */
    static Path executable() {
        for (String configured : new String[] {System.getProperty("jqueue.chromium"),
                System.getProperty("jqueue.test.chromium"), System.getenv("JQUEUE_CHROMIUM")}) {
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
        }
        return Path.of(DEFAULT_PATH);
    }

    Browser browser() {
        return browser;
    }

    /** What the summary names: the executable and the version Chromium reports. */
    String describe() {
        return executable() + " " + browser.version();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
