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
 * With {@code jqueue.observability.token} set, Prometheus and pollers reach the machine
 * endpoints with that bearer token, over real HTTP; a missing or wrong token, or a console
 * session without it, gets 401 with {@code WWW-Authenticate: Bearer}, never a login redirect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/scrape-token",
        "jqueue.observability.token=" + ScrapingWithTokenTest.TOKEN,
        "jqueue.console.users[0].username=admin",
        "jqueue.console.users[0].password={noop}admin-password",
        "jqueue.console.users[0].role=ADMIN"})
class ScrapingWithTokenTest {

    static final String TOKEN = "s3cret-scrape-token";

    static {
        TestDataDirectory.fresh("scrape-token");
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
    void theRightTokenGetsTheEndpoint(String path) {
        HttpResponse<String> response = http.get(path, "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Set-Cookie")).as("a scrape opens no session").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jqueue/metrics", "jqueue/stats.json", "actuator/prometheus", "actuator/health", "actuator"})
    void noTokenOrAWrongOneGets401WithABearerChallenge(String path) {
        for (HttpResponse<String> response : java.util.List.of(http.get(path),
                http.get(path, "Authorization", "Bearer wrong-" + TOKEN),
                http.get(path, "Authorization", "Basic " + TOKEN))) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(response.headers().firstValue("Location")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jqueue/metrics", "actuator/prometheus"})
    void aSignedInConsoleUserStillNeedsTheToken(String path) {
        assertThat(http.login("admin", "admin-password").statusCode()).isEqualTo(302);

        assertThat(http.get(path).statusCode()).isEqualTo(401);
    }

    @org.junit.jupiter.api.Test
    void metricsArePrometheusTextWithTheQueueFamilies() {
        HttpResponse<String> jqueue = http.get("jqueue/metrics", "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> actuator = http.get("actuator/prometheus", "Authorization", "Bearer " + TOKEN);

        assertThat(jqueue.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(jqueue.body()).contains("jqueue_runner_processes").contains("jqueue_failed_jobs{");
        assertThat(actuator.body()).contains("jqueue_runner_processes");
    }
}
