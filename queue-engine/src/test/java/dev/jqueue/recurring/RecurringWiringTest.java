package dev.jqueue.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.EnqueueError;
import dev.jqueue.JQueue;
import dev.jqueue.config.JQueueAutoConfiguration;
import dev.jqueue.config.JQueueCommandLine;
import dev.jqueue.runtime.JQueueRuntime;
import dev.jqueue.runtime.Runner;
import dev.jqueue.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.sqlite.SQLiteDataSource;

/**
 * {@code --skip-recurring} / {@code JQUEUE_SKIP_RECURRING} and the Spring wiring of the
 * scheduler (on a throw-away SQLite file).
 */
class RecurringWiringTest {

    @TempDir
    Path dir;

    static StandardEnvironment environment(Map<String, Object> env, String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new MapPropertySource("testEnv", env));
        if (args.length > 0) {
            environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        }
        new JQueueCommandLine().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void skipRecurringComesFromTheCommandLineOrTheEnvironment() {
        assertThat(environment(Map.of(), "jqueue", "--skip-recurring").getProperty("jqueue.embedded.skip-recurring"))
                .isEqualTo("true");
        assertThat(environment(Map.of(), "jqueue").getProperty("jqueue.embedded.skip-recurring")).isNull();
        assertThat(environment(Map.of("JQUEUE_SKIP_RECURRING", "yes")).getProperty("jqueue.embedded.skip-recurring"))
                .isEqualTo("true");
        assertThat(environment(Map.of("JQUEUE_SKIP_RECURRING", "0"), "jqueue")
                .getProperty("jqueue.embedded.skip-recurring")).isEqualTo("false");
        assertThat(environment(Map.of("JQUEUE_SKIP_RECURRING", "off"), "jqueue", "--skip-recurring")
                .getProperty("jqueue.embedded.skip-recurring")).as("the command line wins").isEqualTo("true");
        assertThat(environment(Map.of(), "jqueue", "--skip-recurring=false")
                .getProperty("jqueue.embedded.skip-recurring")).isEqualTo("false");
        assertThatThrownBy(() -> environment(Map.of("JQUEUE_SKIP_RECURRING", "maybe")))
                .hasMessageContaining("JQUEUE_SKIP_RECURRING");
    }

    ApplicationContextRunner runner() throws Exception {
        Path file = dir.resolve("wiring.db");
        Files.deleteIfExists(file);
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JQueueAutoConfiguration.class))
                .withBean(DataSource.class, () -> dataSource)
                .withBean(TestTasks.class, TestTasks::new)
                .withPropertyValues("jqueue.embedded.enabled=true",
                        "jqueue.backends.default.scheduler.polling-interval=100ms",
                        "jqueue.backends.default.recurring.nightly.task-path=test.count",
                        "jqueue.backends.default.recurring.nightly.schedule=@daily",
                        "jqueue.backends.default.recurring.nightly.args[0]=night");
    }

    static List<String> kinds(JQueueRuntime runtime) {
        return runtime.supervisor().runners().stream().map(Runner::kind).toList();
    }

    @Test
    void anEmbeddedRuntimeRunsTheSchedulerAndSyncsStaticTasks() throws Exception {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(kinds(context.getBean(JQueueRuntime.class))).contains("Scheduler", "Worker", "Dispatcher");
            JQueue jqueue = context.getBean(JQueue.class);
            assertThat(jqueue.recurring().list()).extracting(RecurringTask::key).containsExactly("nightly");
            assertThat(jqueue.recurring().list().getFirst().args()).containsExactly("night");
            assertThatThrownBy(() -> jqueue.recurring().schedule("nightly", "test.count", "@hourly", List.of("x")))
                    .isInstanceOf(EnqueueError.class)
                    .hasMessage("recurring task key 'nightly' is already managed statically");
        });
    }

    @Test
    void skipRecurringLeavesTheSchedulerOut() throws Exception {
        runner().withPropertyValues("jqueue.embedded.skip-recurring=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(kinds(context.getBean(JQueueRuntime.class))).doesNotContain("Scheduler");
            JQueue jqueue = context.getBean(JQueue.class);
            assertThat(jqueue.recurring().list()).as("nothing synced without a scheduler").isEmpty();
            assertThatThrownBy(() -> jqueue.recurring().schedule("nightly", "test.count", "@hourly", List.of("x")))
                    .as("the configured key is still static").isInstanceOf(EnqueueError.class);
        });
    }

    @Test
    void aRecurringTaskWrittenWithTheSeedsKeysLoads() throws Exception {
        runner().withPropertyValues(
                        "jqueue.backends.default.recurring.sums.task_path=test.add",
                        "jqueue.backends.default.recurring.sums.schedule=0 3 * * *",
                        "jqueue.backends.default.recurring.sums.queue_name=maintenance",
                        "jqueue.backends.default.recurring.sums.priority=-5",
                        "jqueue.backends.default.recurring.sums.description=nightly sums",
                        "jqueue.backends.default.recurring.sums.args[0]=2",
                        "jqueue.backends.default.recurring.sums.kwargs.b=3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RecurringTask sums = context.getBean(JQueue.class).recurring().list().stream()
                            .filter(task -> task.key().equals("sums")).findFirst().orElseThrow();
                    assertThat(sums.queue()).isEqualTo("maintenance");
                    assertThat(sums.priority()).isEqualTo(-5);
                    assertThat(sums.description()).isEqualTo("nightly sums");
                    assertThat(sums.args()).as("kwargs by parameter name, after args").containsExactly(2, 3);
                });
        runner().withPropertyValues("jqueue.backends.default.recurring.sums.task_path=test.add",
                        "jqueue.backends.default.recurring.sums.schedule=@daily",
                        "jqueue.backends.default.recurring.sums.kwargs.a=1", "jqueue.backends.default.recurring.sums.kwargs.c=2")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("recurring task 'sums': kwargs names 'c', which is not a parameter of test.add"
                                + " (parameters: a, b)"));
        runner().withPropertyValues("jqueue.backends.default.recurring.sums.task_path=test.add",
                        "jqueue.backends.default.recurring.sums.schedule=@daily",
                        "jqueue.backends.default.recurring.sums.queue=a", "jqueue.backends.default.recurring.sums.queue_name=b",
                        "jqueue.backends.default.recurring.sums.args[0]=1", "jqueue.backends.default.recurring.sums.args[1]=2")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("queue and queue-name name two different queues ('a', 'b')"));
    }
}
