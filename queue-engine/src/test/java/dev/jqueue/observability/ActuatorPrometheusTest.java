package dev.jqueue.observability;

import static dev.jqueue.observability.ObservabilityWebTest.DATASOURCE;
import static dev.jqueue.observability.ObservabilityWebTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.EnqueueOptions;
import dev.jqueue.backend.Backends;
import dev.jqueue.testing.TestDatabase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * An application with Actuator and the Prometheus registry: its own {@code /actuator/prometheus}
 * shows the {@code jqueue_*} gauges (read at scrape time) beside the job meters, and
 * {@code management.metrics.jqueue.enabled=false} leaves them out; {@code /jqueue/metrics}
 * serves them either way.
 */
class ActuatorPrometheusTest {

    static final String EXPOSE = "management.endpoints.web.exposure.include=prometheus,health";
    static final String EXPORT = "management.defaults.metrics.export.enabled=true";

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.POSTGRES.dataSource(); // creates and empties the test database (or skips when PostgreSQL is down)
    }

    @Nested
    @SpringBootTest(classes = ObservabilityWebTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {DATASOURCE, "spring.datasource.username=postgres", EXPOSE, EXPORT,
                    "jqueue.backends.default.allow-unregistered-tasks=true"})
    class Enabled {

        @LocalServerPort
        int port;
        @Autowired
        Backends backends;
        @Autowired
        ApplicationContext context;

        @Test
        void theGaugesAreOnTheApplicationsScrapeAndFollowTheQueue() throws Exception {
            assertThat(context.getBean(ApplicationPrometheusRegistration.class).registries()).hasSize(1);
            backends.get("default").enqueue(EnqueueOptions.onQueue("mail"), "app.Mailer.send", "hi");

            HttpResponse<String> scrape = get(port, "/actuator/prometheus", null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("# TYPE jqueue_queue_jobs gauge",
                    "jqueue_queue_jobs{backend=\"default\",queue=\"mail\",state=\"ready\"} 1.0",
                    "jqueue_runner_processes{backend=\"default\",status=\"live\"} 0.0",
                    "jqueue_semaphores{queue_database=\"dataSource\"} 0.0",
                    "jqueue_jobs_enqueued_total{backend=\"default\",queue=\"mail\",task=\"app.Mailer.send\"} 1.0")
                    .as("the application's own meters are still there").contains("jvm_");

            backends.get("default").queue("mail").clear();
            assertThat(get(port, "/actuator/prometheus", null).body()).as("read at scrape time: no stale gauge")
                    .doesNotContain("jqueue_queue_jobs{backend=\"default\",queue=\"mail\"");
            assertThat(get(port, "/jqueue/metrics", null).body()).contains("jqueue_failed_jobs{backend=\"default\"} 0.0");
        }
    }

    @Nested
    @SpringBootTest(classes = ObservabilityWebTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {DATASOURCE, "spring.datasource.username=postgres", EXPOSE, EXPORT,
                    "management.metrics.jqueue.enabled=false", "jqueue.backends.default.allow-unregistered-tasks=true"})
    class SwitchedOff {

        @LocalServerPort
        int port;
        @Autowired
        Backends backends;

        @Test
        void theApplicationsScrapeHasNoJqueueGaugesButJqueueMetricsDoes() throws Exception {
            backends.get("default").enqueue(EnqueueOptions.onQueue("mail"), "app.Mailer.send", "hi");
            HttpResponse<String> scrape = get(port, "/actuator/prometheus", null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).doesNotContain("jqueue_queue_jobs");
            assertThat(get(port, "/jqueue/metrics", null).body())
                    .contains("jqueue_queue_jobs{backend=\"default\",queue=\"mail\",state=\"ready\"} 1.0");
        }
    }
}
