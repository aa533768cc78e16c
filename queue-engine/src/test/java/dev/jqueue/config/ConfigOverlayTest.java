package dev.jqueue.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.jqueue.command.CommandLineListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Configuration layers (command line > environment > overlay file > application properties >
 * defaults), both overlay shapes, and the messages for unknown keys and invalid values.
 */
class ConfigOverlayTest {

    @TempDir
    Path dir;

    /** An environment like Spring Boot's: command line, system environment, then application properties. */
    StandardEnvironment environment(Map<String, Object> systemEnvironment, Map<String, Object> application, String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, systemEnvironment));
        sources.addLast(new MapPropertySource("Config resource 'class path resource [application.properties]'", application));
        if (args.length > 0) {
            sources.addFirst(new SimpleCommandLinePropertySource(args));
            CommandLineListener.normalize(environment, args); // as the run listener does in an application
        }
        new JQueueConfigOverlay().postProcessEnvironment(environment, new SpringApplication());
        new JQueueDurations().postProcessEnvironment(environment, new SpringApplication());
        new JQueueCommandLine().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    static JQueueProperties bind(StandardEnvironment environment) {
        JQueueConfigValidator.validate(environment);
        return Binder.get(environment).bind("jqueue", JQueueProperties.class).get();
    }

    Path file(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void commandLineBeatsEnvironmentBeatsOverlayBeatsApplicationProperties() throws IOException {
        Path overlay = file("jqueue.yml", """
                mode: fork
                listen_notify: false
                shutdown-timeout: 2s
                process-alive-threshold: 120s
                workers:
                  - queues: [email, "*"]
                    threads: 8
                """);
        Map<String, Object> application = map("jqueue.backends.default.listen-notify", "true",
                "jqueue.backends.default.shutdown-timeout", "1s", "jqueue.backends.default.process-alive-threshold", "60s",
                "jqueue.backends.default.default-concurrency-duration", "90s");
        Map<String, Object> env = map("JQUEUE_CONFIG", overlay.toString(), "JQUEUE_MODE", "async",
                "JQUEUE_BACKENDS_DEFAULT_SHUTDOWNTIMEOUT", "3s");

        BackendProperties fromFile = bind(environment(map("JQUEUE_CONFIG", overlay.toString()), application))
                .backends().get("default");
        assertThat(fromFile.mode()).as("overlay over application properties").isEqualTo(RuntimeMode.FORK);
        assertThat(fromFile.listenNotify()).isFalse();
        assertThat(fromFile.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fromFile.workers()).singleElement().satisfies(w -> {
            assertThat(w.threads()).isEqualTo(8);
            assertThat(w.queues()).containsExactly("email", "*");
        });
        assertThat(fromFile.defaultConcurrencyDuration()).as("untouched by the overlay").isEqualTo(Duration.ofSeconds(90));

        BackendProperties fromEnv = bind(environment(env, application)).backends().get("default");
        assertThat(fromEnv.mode()).as("JQUEUE_MODE over the overlay").isEqualTo(RuntimeMode.ASYNC);
        assertThat(fromEnv.shutdownTimeout()).as("relaxed environment name over the overlay").isEqualTo(Duration.ofSeconds(3));
        assertThat(fromEnv.processAliveThreshold()).isEqualTo(Duration.ofSeconds(120));

        BackendProperties fromCli = bind(environment(env, application, "jqueue", "--mode=fork",
                "--jqueue.backends.default.process-alive-threshold=30s")).backends().get("default");
        assertThat(fromCli.mode()).as("--mode over JQUEUE_MODE").isEqualTo(RuntimeMode.FORK);
        assertThat(fromCli.processAliveThreshold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromCli.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));

        Path other = file("other.yml", "shutdown-timeout: 7s\n");
        BackendProperties cliFile = bind(environment(map("JQUEUE_CONFIG", overlay.toString()), application,
                "--config=" + other)).backends().get("default");
        assertThat(cliFile.shutdownTimeout()).as("--config over JQUEUE_CONFIG").isEqualTo(Duration.ofSeconds(7));
        assertThat(cliFile.mode()).isEqualTo(RuntimeMode.ASYNC);
    }

    @Test
    void theBackendsShapeAppliesOnlyTheSelectedAliasAndMixingShapesIsRefused() throws IOException {
        Path overlay = file("backends.yml", """
                backends:
                  default:
                    shutdown-timeout: 4s
                  reports:
                    shutdown-timeout: 9s
                    workers:
                      - threads: 2
                """);
        Map<String, Object> application = map("jqueue.backends.default.queues", "a",
                "jqueue.backends.reports.queues", "r");
        JQueueProperties selected = bind(environment(map(), application, "--config=" + overlay, "--backend=reports"));
        assertThat(selected.backends().get("reports").shutdownTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(selected.backends().get("reports").workers().getFirst().threads()).isEqualTo(2);
        assertThat(selected.backends().get("default").shutdownTimeout()).as("not the selected alias").isEqualTo(Duration.ofSeconds(5));
        JQueueProperties byDefault = bind(environment(map(), application, "--config=" + overlay));
        assertThat(byDefault.backends().get("default").shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(byDefault.backends().get("reports").shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));

        Path mixed = file("mixed.yml", "mode: async\nbackends:\n  default:\n    shutdown-timeout: 4s\n");
        assertThatThrownBy(() -> environment(map(), application, "--config=" + mixed))
                .hasMessageContaining("mixes the flat shape (mode) with 'backends:'");
        assertThatThrownBy(() -> environment(map(), application, "--config=" + overlay, "--backend=nope"))
                .hasMessageContaining("applies to jqueue backend 'nope', which is not configured (configured: default, reports)");
        assertThatThrownBy(() -> environment(map("JQUEUE_CONFIG", dir.resolve("missing.yml").toString()), application))
                .hasMessageContaining("missing.yml does not exist");
    }

    @Test
    void unknownKeysAreNamedExactlyWithWhereTheyCameFrom() throws IOException {
        Path overlay = file("typo.yml", "workers:\n  - threads: 2\n    thread: 3\n");
        assertThatThrownBy(() -> bind(environment(map(), map(), "--config=" + overlay)))
                .isInstanceOf(JQueueConfigValidator.InvalidJQueueConfigurationException.class)
                .hasMessageContaining("unknown jqueue configuration property 'jqueue.backends.default.workers[0].thread'")
                .hasMessageContaining("typo.yml")
                .hasMessageContaining("jqueue.backends.default.workers[0] has no option 'thread'; its options are queues, threads");

        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.default.workers.threads", "2",
                "jqueue.embeded.enabled", "true", "jqueue.backends.default.recurring.nightly.shedule", "@daily",
                "jqueue.backends.default.recurring.nightly.args[0].nested", "1"))))
                .hasMessageContaining("'jqueue.backends.default.workers.threads'")
                .hasMessageContaining("jqueue.backends.default.workers is a list; address its entries as jqueue.backends.default.workers[0].threads")
                .hasMessageContaining("'jqueue.embeded.enabled'")
                .hasMessageContaining("jqueue has no option 'embeded'")
                .hasMessageContaining("'jqueue.backends.default.recurring.nightly.shedule'")
                .hasMessageContaining("jqueue.backends.default.recurring.nightly.args[0] is a single value and has no option 'nested'")
                .hasMessageContaining("application.properties");

        assertThatThrownBy(() -> bind(environment(map("JQUEUE_BACKENDS_DEFAULT_WORKERS_0_THREADZ", "2"), map())))
                .hasMessageContaining("'jqueue.backends.default.workers[0].threadz'");

        // environment knobs are not properties; recurring args and known keys pass
        JQueueProperties fine = bind(environment(map("JQUEUE_SKIP_RECURRING", "1", "JQUEUE_TEST_DATABASES", "require",
                        "JQUEUE_MODE", "async"),
                map("jqueue.backends.default.recurring.nightly.task-path", "x.y",
                        "jqueue.backends.default.recurring.nightly.schedule", "@daily",
                        "jqueue.backends.default.recurring.nightly.args[0]", "1",
                        "jqueue.backends.default.clear_failed_jobs_after", "7d",
                        "jqueue.observability.token", "t")));
        assertThat(fine.backends().get("default").clearFailedJobsAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(fine.observability().token()).isEqualTo("t");

        // other @ConfigurationProperties below jqueue. are checked against their own records
        record Console(String dataDir, List<String> users) {
        }
        StandardEnvironment console = environment(map(), map("jqueue.console.data-dir", "/tmp", "jqueue.console.userz", "x"));
        assertThatThrownBy(() -> JQueueConfigValidator.validate(console,
                Map.of(ConfigurationPropertyName.of("jqueue.console"), Console.class)))
                .hasMessageContaining("'jqueue.console.userz'").hasMessageContaining("jqueue.console has no option 'userz'")
                .hasMessageNotContaining("'jqueue.console.data-dir'");
    }

    @Test
    void invalidValuesNameTheExactProperty() {
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.default.workers[0].threads", "0"))))
                .hasMessage("invalid value for 'jqueue.backends.default.workers[0].threads' (from Config resource "
                        + "'class path resource [application.properties]'): threads must be a positive integer (got 0)");
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.default.shutdown-timeout", "soon"))))
                .hasMessageStartingWith("invalid value for 'jqueue.backends.default.shutdown-timeout'")
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.default.scheduler.polling-interval", "0s"))))
                .hasMessageStartingWith("invalid value for 'jqueue.backends.default.scheduler.polling-interval'");
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.a.process-alive-threshold", "0s"))))
                .hasMessageStartingWith("invalid value for 'jqueue.backends.a.process-alive-threshold'");
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.a.clear-finished-jobs-after", "-1s"))))
                .hasMessageStartingWith("invalid value for 'jqueue.backends.a.clear-finished-jobs-after'");
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.a.mode", "threads"))))
                .hasMessageStartingWith("invalid value for 'jqueue.backends.a.mode'").hasMessageContaining("threads");
        assertThat(bind(environment(map(), map("jqueue.backends.a.mode", "async"))).backends().get("a")
                .clearFinishedJobsAfter()).as("finished jobs are cleared after a day by default").isEqualTo(Duration.ofDays(1));
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration(JQueueConfigValidation.class)
    static class NoDatabaseApp {
    }

    @Test
    void anOverlaysBareNumbersAreSecondsAsInDjQueueAndPropertiesRefuseThem() throws IOException {
        Path overlay = file("seed.yml", """
                clear_finished_jobs_after: 86400
                process_alive_threshold: 120
                shutdown_timeout: 2.5
                workers:
                  - queues: "*"
                    polling_interval: 0.1
                dispatchers:
                  - polling-interval: 1
                    concurrency-maintenance-interval: 600
                scheduler:
                  polling_interval: 5
                """);
        BackendProperties seed = bind(environment(map("JQUEUE_CONFIG", overlay.toString()), map())).backends().get("default");
        assertThat(seed.clearFinishedJobsAfter()).as("a day, not 86 seconds").isEqualTo(Duration.ofDays(1));
        assertThat(seed.processAliveThreshold()).isEqualTo(Duration.ofSeconds(120));
        assertThat(seed.shutdownTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(seed.workers().getFirst().pollingInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(seed.dispatchers().getFirst().pollingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(seed.dispatchers().getFirst().concurrencyMaintenanceInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(seed.scheduler().pollingInterval()).isEqualTo(Duration.ofSeconds(5));
        // units still work in the overlay, and mean what they say
        Path units = file("units.yml", "clear-finished-jobs-after: 2h\nworkers:\n  - polling-interval: 250ms\n");
        BackendProperties withUnits = bind(environment(map("JQUEUE_CONFIG", units.toString()), map())).backends().get("default");
        assertThat(withUnits.clearFinishedJobsAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(withUnits.workers().getFirst().pollingInterval()).isEqualTo(Duration.ofMillis(250));

        // the same "86400" as a Spring property: refused, never read as 86.4 seconds
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.default.clear-finished-jobs-after", "86400"))))
                .hasMessageContaining("invalid value for 'jqueue.backends.default.clear-finished-jobs-after'")
                .hasMessageContaining("write 86400s or 1d");
        assertThatThrownBy(() -> bind(environment(map(), map("jqueue.backends.default.workers[0].polling-interval", 100))))
                .hasMessageContaining("'jqueue.backends.default.workers[0].polling-interval'")
                .hasMessageContaining("a bare number (100)");
        assertThatThrownBy(() -> bind(environment(map("JQUEUE_BACKENDS_DEFAULT_SHUTDOWNTIMEOUT", "5"), map())))
                .hasMessageContaining("'jqueue.backends.default.shutdowntimeout'").hasMessageContaining("write 86400s or 1d");
        assertThat(bind(environment(map(), map("jqueue.backends.default.clear-finished-jobs-after", "86400s")))
                .backends().get("default").clearFinishedJobsAfter()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aRetentionWindowCanBeUnsetToKeepRowsForever() throws IOException {
        assertThat(bind(environment(map(), map("jqueue.backends.default.queues", "a"))).backends().get("default")
                .clearFinishedJobsAfter())
                .as("the default").isEqualTo(Duration.ofDays(1));
        assertThat(bind(environment(map(), map("jqueue.backends.default.clear-finished-jobs-after", "never")))
                .backends().get("default").clearFinishedJobsAfter()).isNull();
        assertThat(bind(environment(map(), map("jqueue.backends.default.clear-finished-jobs-after", "")))
                .backends().get("default").clearFinishedJobsAfter()).isNull();
        Path seed = file("keep.yml", "clear_finished_jobs_after: ~\nclear_failed_jobs_after: 604800\n");
        BackendProperties kept = bind(environment(map("JQUEUE_CONFIG", seed.toString()),
                map("jqueue.backends.default.clear-finished-jobs-after", "2d"))).backends().get("default");
        assertThat(kept.clearFinishedJobsAfter()).as("the overlay's null wins over the application's 2d").isNull();
        assertThat(kept.clearFailedJobsAfter()).isEqualTo(Duration.ofDays(7));
        // precedence holds: a command-line window beats an unset one below it
        BackendProperties cli = bind(environment(map("JQUEUE_CONFIG", seed.toString()), map(), "jqueue",
                "--jqueue.backends.default.clear-finished-jobs-after=3h")).backends().get("default");
        assertThat(cli.clearFinishedJobsAfter()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void theJqueueCommandReadsSpacedOptionsAndRefusesAnUnconfiguredBackend() {
        Map<String, Object> application = map("jqueue.backends.default.queues", "a", "jqueue.backends.reports.queues", "r");
        StandardEnvironment spaced = environment(map(), application, "jqueue", "--backend", "reports", "--mode", "fork",
                "--only-work");
        assertThat(spaced.getProperty("jqueue.embedded.backend")).isEqualTo("reports");
        assertThat(spaced.getProperty("jqueue.backends.reports.mode")).isEqualTo("fork");
        assertThat(spaced.getProperty("jqueue.embedded.only-work")).isEqualTo("true");

        assertThatThrownBy(() -> environment(map(), application, "jqueue", "--backend", "report"))
                .isInstanceOf(InvalidCommandLineException.class)
                .hasMessage("jqueue: backend 'report' is not configured for jqueue (configured: default, reports)");
        assertThatThrownBy(() -> environment(map(), map(), "jqueue", "--backend=reports"))
                .hasMessage("jqueue: backend 'reports' is not configured for jqueue (configured: default)");
        assertThatThrownBy(() -> environment(map(), application, "jqueue", "--only-wrok"))
                .hasMessageStartingWith("jqueue: unknown option --only-wrok; jqueue accepts --backend, --config,");
        assertThatThrownBy(() -> environment(map(), application, "jqueue", "async"))
                .hasMessageStartingWith("jqueue: unexpected argument 'async'");
    }

    @Test
    void aSpringApplicationStartedAsACommandRefusesAnUnknownOptionBeforeItStarts() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NoDatabaseApp.class).web(WebApplicationType.NONE)
                .run("jqueue:prune", "--failed-older-then", "604800").close())
                .isInstanceOf(InvalidCommandLineException.class)
                .hasMessageStartingWith("jqueue:prune: unknown option --failed-older-then; jqueue:prune accepts");
    }

    @Test
    void aSpringApplicationRefusesToStartWithAnUnknownKey() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NoDatabaseApp.class).web(WebApplicationType.NONE)
                .properties("jqueue.backends.default.workers[0].thread=3").run().close())
                .isInstanceOf(JQueueConfigValidator.InvalidJQueueConfigurationException.class)
                .hasMessageContaining("'jqueue.backends.default.workers[0].thread'");
    }
}
