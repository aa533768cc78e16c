package dev.jqueue.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.EnqueueOptions;
import dev.jqueue.backend.Backends;
import dev.jqueue.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /jqueue/stats.json} and {@code /jqueue/metrics} served by a plain Spring MVC
 * application on a real port, with and without the bearer token, on PostgreSQL.
 */
class ObservabilityWebTest {

    /** The test database: {@code jqueue_test}, or {@code -Djqueue.test.database=…} to keep parallel runs apart. */
    static final String DATASOURCE = "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/${jqueue.test.database:jqueue_test}";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @BeforeAll
    static void database() {
        TestDatabase.POSTGRES.dataSource(); // creates and empties the test database (or skips when PostgreSQL is down)
    }

    static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            DATASOURCE, "spring.datasource.username=postgres",
            "jqueue.backends.zeta.allow-unregistered-tasks=true",
            "jqueue.backends.alpha.clear-failed-jobs-after=1h",
            "jqueue.observability.token=s3cret-token"})
    class WithToken {

        @LocalServerPort
        int port;
        @Autowired
        Backends backends;
        @Autowired
        JQueueHealthIndicator health;

        @Test
        void theTokenIsRequiredAndTheEndpointsServeEveryBackendInConfiguredOrder() throws Exception {
            backends.get("zeta").enqueue(EnqueueOptions.onQueue("mail"), "app.Mailer.send", "hi");

            for (String path : new String[] {"/jqueue/stats.json", "/jqueue/metrics"}) {
                for (String wrong : new String[] {null, "Bearer wrong", "Basic s3cret-token", "Bearer s3cret-tokenx"}) {
                    HttpResponse<String> refused = get(port, path, wrong);
                    assertThat(refused.statusCode()).as(path + " with " + wrong).isEqualTo(401);
                    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                }
            }

            HttpResponse<String> stats = get(port, "/jqueue/stats.json", "bearer s3cret-token");
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode body = JsonMapper.builder().build().readTree(stats.body());
            assertThat(body.get("backends").size()).isEqualTo(2);
            assertThat(body.get("backends").get(0).get("backend_alias").asString()).isEqualTo("zeta");
            assertThat(body.get("backends").get(1).get("backend_alias").asString()).isEqualTo("alpha");
            assertThat(body.get("backends").get(0).get("queue_database_alias").asString()).isEqualTo("dataSource");
            assertThat(body.get("backends").get(0).get("queues").get(0).get("name").asString()).isEqualTo("mail");
            assertThat(body.get("backends").get(0).get("queues").get(0).get("ready_count").asLong()).isEqualTo(1);
            assertThat(body.get("backends").get(1).get("failed_jobs").get("retention_seconds").asDouble()).isEqualTo(3600.0);
            assertThat(body.get("backends").get(0).get("postgres_diagnostics").get("queue_tables").size()).isPositive();

            HttpResponse<String> metrics = get(port, "/jqueue/metrics", "Bearer s3cret-token");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("text/plain").contains("version=0.0.4"));
            assertThat(metrics.body()).contains("jqueue_queue_jobs{backend=\"zeta\",queue=\"mail\",state=\"ready\"} 1.0",
                    "jqueue_runner_processes{backend=\"alpha\",status=\"live\"} 0.0",
                    "jqueue_failed_job_retention_seconds{backend=\"alpha\"} 3600.0",
                    "jqueue_semaphores{queue_database=\"dataSource\"} 0.0",
                    "jqueue_jobs_enqueued_total{backend=\"zeta\",queue=\"mail\",task=\"app.Mailer.send\"} 1.0")
                    .doesNotContain("jqueue_failed_job_retention_seconds{backend=\"zeta\"}");

            Health result = health.health();
            assertThat(result.getStatus()).as("nothing runs embedded here: up, with details").isEqualTo(Status.UP);
            assertThat(result.getDetails()).containsKey("backends");
        }
    }

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            DATASOURCE, "spring.datasource.username=postgres"})
    class WithoutToken {

        @LocalServerPort
        int port;

        @Test
        void theEndpointsAreOpen() throws Exception {
            assertThat(get(port, "/jqueue/stats.json", null).statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(port, "/jqueue/metrics", "Bearer anything");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jqueue_runner_processes{backend=\"default\",status=\"stale\"} 0.0");
        }
    }
}
