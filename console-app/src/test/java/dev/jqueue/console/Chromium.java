package dev.jqueue.console;

import static org.junit.jupiter.api.Assertions.fail;

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
 * reported as skipped), unless {@code -Djqueue.test.browser=require} asks for a failure.
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
     * Launches headless Chromium, or returns empty (after printing why) when there is none;
     * with {@code jqueue.test.browser=require} a missing browser fails instead.
     */
    static Optional<Chromium> launchIfInstalled() {
        Path executable = executable();
        if (!Files.isExecutable(executable)) {
            String reason = missingReason();
            if ("require".equals(System.getProperty("jqueue.test.browser"))) {
                fail(reason + "; jqueue.test.browser=require");
            }
            System.out.println("Skipping browser tests: " + reason);
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
    private static Path executable() {
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

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
