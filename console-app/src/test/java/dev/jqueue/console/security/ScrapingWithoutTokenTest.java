package dev.jqueue.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.console.TestDataDirectory;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Without {@code jqueue.observability.token} the machine endpoints are not open: they need a
 * signed-in console user (any role). Anyone else gets 401 with {@code WWW-Authenticate}, not
 * the login page: these are API paths, and a scraper cannot follow a login redirect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/scrape-session",
        "jqueue.console.users[0].username=vera",
        "jqueue.console.users[0].password={noop}viewer-password",
        "jqueue.console.users[0].role=VIEWER"})
class ScrapingWithoutTokenTest {

    static {
        TestDataDirectory.fresh("scrape-session");
    }

    @LocalServerPort
    int port;

    private ConsoleHttp http;

    @BeforeEach
    void client() {
        http = new ConsoleHttp(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jqueue/metrics", "jqueue/stats.json", "actuator/prometheus", "actuator/health"})
    void anonymousGets401NotALoginRedirect(String path) {
        HttpResponse<String> response = http.get(path);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).doesNotContain("jqueue_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jqueue/metrics", "jqueue/stats.json", "actuator/prometheus", "actuator/health"})
    void aSignedInViewerReadsThem(String path) {
        HttpResponse<String> login = http.login("vera", "viewer-password");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).doesNotContain("login"));

        HttpResponse<String> response = http.get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jqueue/metrics", "actuator/prometheus"})
    void aTokenIsNoUseWhenNoneIsConfigured(String path) {
        assertThat(http.get(path, "Authorization", "Bearer anything").statusCode()).isEqualTo(401);
    }
}
