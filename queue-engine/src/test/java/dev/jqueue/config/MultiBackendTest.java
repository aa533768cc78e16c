package dev.jqueue.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.JQueue;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backends;
import dev.jqueue.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Several backends, each on the DataSource it names, wired by the auto-configuration. */
class MultiBackendTest {

    static HikariDataSource sqlite(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "multi"));
        Path file = dir.resolve(name + "-" + UUID.randomUUID() + ".db");
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        ds.setMaximumPoolSize(2);
        return ds;
    }

    @Configuration
    static class TwoDatabases {
        @Bean
        @Primary
        DataSource dataSource() throws Exception {
            return sqlite("main");
        }

        @Bean
        DataSource reportsDataSource() throws Exception {
            return sqlite("reports");
        }

        @Bean
        TestTasks testTasks() {
            return new TestTasks();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JQueueAutoConfiguration.class))
            .withUserConfiguration(TwoDatabases.class);

    @Test
    void eachBackendUsesItsOwnDatabaseAndSeesOnlyItsOwnJobs() {
        runner.withPropertyValues(
                        "jqueue.backends.default.queues=default,mail",
                        "jqueue.backends.reports.database=reportsDataSource",
                        "jqueue.backends.reports.preserve-finished-jobs=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Backends backends = context.getBean(Backends.class);
                    assertThat(backends.aliases()).containsExactly("default", "reports");
                    JQueue main = context.getBean(JQueue.class);
                    JQueue reports = main.backend("reports");
                    assertThat(main.backend()).isEqualTo("default");

                    TaskResult a = main.enqueue("test.echo", "main");
                    TaskResult b = reports.enqueue("test.echo", "reports");

                    assertThat(main.findResult(b.id())).isEmpty();
                    assertThat(reports.findResult(a.id())).isEmpty();
                    assertThat(reports.getResult(b.id()).state()).isEqualTo(JobState.READY);
                    assertThat(main.stats().queues()).extracting(q -> q.name() + "=" + q.ready()).containsExactly("default=1");
                    assertThat(reports.stats().queues()).extracting(q -> q.name() + "=" + q.ready()).containsExactly("default=1");
                    assertThat(backends.get("reports").context().db.dataSource())
                            .isSameAs(context.getBean("reportsDataSource"));
                });
    }

    @Test
    void withoutMigrationsStartUpWaitsThenRefusesAPendingSchema() {
        runner.withPropertyValues("jqueue.schema.migrate=false", "jqueue.backends.default.migration-wait-timeout=1s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("jqueue migrations are pending on queue database 'dataSource'"));
    }
}
