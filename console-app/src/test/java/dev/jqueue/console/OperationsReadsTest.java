package dev.jqueue.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.Concurrency;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.JQueueTask;
import dev.jqueue.JobState;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.console.failed.FailedJobReads;
import dev.jqueue.console.processes.ProcessReads;
import dev.jqueue.console.semaphores.SemaphoreReads;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch.FailedGroup;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plain SQL behind the operations pages (semaphores page by page, the process tree with held
 * jobs, failed groups whose task paths overlap) on every database the console runs on: SQLite,
 * and the PostgreSQL and MariaDB services on 127.0.0.1 (database
 * {@code <jqueue.test.database>_console}, created if missing; skipped with the reason when a
 * server is down, unless {@code -Djqueue.test.databases=require}).
 */
class OperationsReadsTest {

    enum Db {
        SQLITE, POSTGRES, MARIADB
    }

    private static final List<String> TABLES = List.of("jqueue_audit_events", "jqueue_recurring_executions",
            "jqueue_recurring_tasks", "jqueue_pauses", "jqueue_semaphores", "jqueue_failed_executions",
            "jqueue_blocked_executions", "jqueue_claimed_executions", "jqueue_scheduled_executions",
            "jqueue_ready_executions", "jqueue_jobs", "jqueue_processes");
    private static final Map<Db, HikariDataSource> POOLS = new EnumMap<>(Db.class);

    /** Tasks whose jobs the reads look at; none of them ever runs here. */
    public static class ReadTasks {
        @JQueueTask(name = "reads.limited", concurrency = @Concurrency(key = "limit:{account}", limit = 1))
        public void limited(String account) {
        }

        @JQueueTask(name = "reads.send")
        public void send(String to) {
        }

        @JQueueTask(name = "reads.sendAll")
        public void sendAll(String to) {
        }
    }

    @AfterAll
    static void closePools() {
        POOLS.values().forEach(HikariDataSource::close);
        POOLS.clear();
    }

    private static Backends backends(Db db) {
        HikariDataSource pool = POOLS.computeIfAbsent(db, OperationsReadsTest::open);
        truncate(db, pool);
        Backend backend = BackendBuilder.on(pool).migrate(true).tasks(new ReadTasks()).build();
        Backends backends = new Backends();
        backends.add(backend, BackendProperties.defaults());
        return backends;
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void semaphoresArePagedSortedAndFilteredWithTheirBlockedWaiters(Db db) {
        Backends backends = backends(db);
        Backend backend = backends.get("default");
        for (int i = 0; i < 3; i++) {
            backend.enqueue("reads.limited", "acme");
        }
        backend.enqueue("reads.limited", "globex");
        SemaphoreReads reads = new SemaphoreReads(backends);

        List<SemaphoreReads.SemaphoreRow> byKey = reads.page("default", null, "key", false, 0, 10);
        assertThat(byKey).extracting(SemaphoreReads.SemaphoreRow::key).containsExactly("limit:acme", "limit:globex");
        SemaphoreReads.SemaphoreRow acme = byKey.getFirst();
        assertThat(List.of(acme.active(), acme.available(), acme.limit(), acme.waiters())).containsExactly(1L, 0L, 1L, 2L);
        assertThat(acme.expiresAt()).isNotNull();
        assertThat(reads.page("default", null, "waiters", true, 0, 1)).extracting(SemaphoreReads.SemaphoreRow::key)
                .containsExactly("limit:acme");
        assertThat(reads.page("default", null, "waiters", false, 0, 10)).extracting(SemaphoreReads.SemaphoreRow::key)
                .containsExactly("limit:globex", "limit:acme");
        assertThat(reads.page("default", null, "key", false, 1, 10)).hasSize(1);
        assertThat(reads.page("default", "GLOB", "key", false, 0, 10)).extracting(SemaphoreReads.SemaphoreRow::key)
                .containsExactly("limit:globex");
        assertThat(reads.count("default", null)).isEqualTo(2);
        assertThat(reads.count("default", "100%_")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void processesComeWithTheirSupervisorLivenessDrainingStateAndHeldJobs(Db db) {
        Backends backends = backends(db);
        Backend backend = backends.get("default");
        var rows = backend.context().processes;
        var now = backend.context().now();
        long supervisor = rows.register("Supervisor", "supervisor-1", 4242, "host-a", "{\"mode\":\"async\"}", null, now);
        long worker = rows.register("Worker", "worker-1", 4242, "host-a",
                "{\"queues\":[\"*\"],\"shutdown_state\":\"draining\",\"active_jobs\":1}", supervisor, now);
        long stale = rows.register("Worker", "worker-old", 17, "host-b", "{}", null, now);
        rows.heartbeat(List.of(stale), now.minus(Duration.ofHours(1)));
        UUID held = backend.enqueue("reads.send", "someone").id();
        List<Job> claimed = backend.claim.claim(worker, QueueSelector.ALL, 1);
        assertThat(claimed).extracting(Job::id).containsExactly(held);

        ProcessReads.Processes processes = new ProcessReads(backends).processes("default");

        assertThat(processes.rows()).hasSize(3);
        ProcessReads.ProcessRow workerRow = processes.rows().stream().filter(p -> p.id() == worker).findFirst().orElseThrow();
        assertThat(workerRow.supervisorId()).isEqualTo(supervisor);
        assertThat(workerRow.kind()).isEqualTo("Worker");
        assertThat(workerRow.hostname()).isEqualTo("host-a");
        assertThat(workerRow.pid()).isEqualTo(4242);
        assertThat(workerRow.live()).isTrue();
        assertThat(workerRow.shutdownState()).isEqualTo("draining");
        assertThat(workerRow.activeJobs()).isEqualTo("1");
        assertThat(workerRow.claimedJobs()).isEqualTo(1);
        assertThat(workerRow.metadataJson()).contains("queues");
        assertThat(processes.claimed(worker)).extracting(ProcessReads.ClaimedJob::jobId).containsExactly(held);
        assertThat(new ProcessReads(backends).claimedJobs("default", worker)).singleElement()
                .satisfies(job -> {
                    assertThat(job.taskPath()).isEqualTo("reads.send");
                    assertThat(job.queueName()).isEqualTo("default");
                });
        ProcessReads.ProcessRow staleRow = processes.rows().stream().filter(p -> p.id() == stale).findFirst().orElseThrow();
        assertThat(staleRow.live()).isFalse();
        assertThat(staleRow.heartbeatAge()).isGreaterThan(Duration.ofMinutes(59));
        assertThat(staleRow.supervisorId()).isNull();
        assertThat(processes.unownedClaims()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aFailedGroupWhosePathIsPartOfAnotherListsAndActsOnItsOwnJobsOnly(Db db) {
        Backends backends = backends(db);
        Backend backend = backends.get("default");
        List<UUID> send = failed(backend, "reads.send", 2);
        List<UUID> sendAll = failed(backend, "reads.sendAll", 3);
        FailedJobReads reads = new FailedJobReads(backends);
        JobFilter page = FailedJobReads.pageFilter(null, null, null);

        List<FailedGroup> groups = reads.groups("default", page);
        assertThat(groups).extracting(FailedGroup::taskPath, FailedGroup::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reads.sendAll", 3L),
                        org.assertj.core.groups.Tuple.tuple("reads.send", 2L));

        FailedJobReads.GroupScope sendScope = reads.scope("default", page, groups.get(1));
        assertThat(sendScope.exact()).as("'reads.send' also matches 'reads.sendAll' as a substring").isFalse();
        assertThat(reads.ids(sendScope)).containsExactlyInAnyOrderElementsOf(send);
        assertThat(reads.rows(sendScope, null, 0, 10)).extracting(JobRow::taskPath).containsOnly("reads.send").hasSize(2);
        assertThat(reads.rows(sendScope, null, 1, 10)).hasSize(1);

        FailedJobReads.GroupScope sendAllScope = reads.scope("default", page, groups.get(0));
        assertThat(sendAllScope.exact()).isTrue();
        assertThat(reads.rows(sendAllScope, null, 0, 10)).extracting(JobRow::id).containsExactlyInAnyOrderElementsOf(sendAll);
        assertThat(reads.lastError(sendAllScope)).get().satisfies(error -> {
            assertThat(error.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.message()).isEqualTo("broken reads.sendAll");
            assertThat(error.stackTrace()).contains("IllegalStateException");
        });
    }

    private static List<UUID> failed(Backend backend, String task, int n) {
        String queue = "q-" + task;
        for (int i = 0; i < n; i++) {
            backend.enqueue(EnqueueOptions.onQueue(queue), task, "to-" + i);
        }
        List<Job> claimed = backend.claim.claim(null, QueueSelector.parse(List.of(queue)), n);
        for (Job job : claimed) {
            backend.completion.failWith(job.id(), new IllegalStateException("broken " + task));
        }
        claimed.forEach(job -> assertThat(backend.getResult(job.id()).state()).isEqualTo(JobState.FAILED));
        return claimed.stream().map(Job::id).toList();
    }

    // ------------------------------------------------------------------ databases

    private static String databaseName() {
        return System.getProperty("jqueue.test.database", "jqueue_test") + "_console";
    }

    private static HikariDataSource open(Db db) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(4);
        config.setPoolName("operations-reads-" + db.name().toLowerCase());
        switch (db) {
            case SQLITE -> {
                try {
                    Path dir = Files.createDirectories(Path.of(TestDataDirectory.fresh("operations-reads")));
                    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("reads.db").toAbsolutePath());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            case POSTGRES -> {
                ensureDatabase(db, "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres");
                config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/" + databaseName());
                config.setUsername("postgres");
                config.setPassword("");
            }
            case MARIADB -> {
                ensureDatabase(db, "jdbc:mariadb://127.0.0.1:3306/", "root");
                config.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/" + databaseName());
                config.setUsername("root");
                config.setPassword("");
            }
        }
        return new HikariDataSource(config);
    }

    private static void ensureDatabase(Db db, String adminUrl, String user) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, "");
             Statement statement = connection.createStatement()) {
            if (db == Db.POSTGRES) {
                var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + databaseName() + "'");
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + databaseName());
                }
            } else {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + databaseName());
            }
        } catch (SQLException e) {
            String reason = db + " is not reachable at " + adminUrl + " (" + e.getMessage() + ")";
            if ("require".equalsIgnoreCase(System.getProperty("jqueue.test.databases", System.getenv("JQUEUE_TEST_DATABASES")))) {
                Assertions.fail("required database missing: " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    /** Empties the tables (after the first migration has created them). */
    private static void truncate(Db db, HikariDataSource pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            if (!connection.getMetaData().getTables(connection.getCatalog(), null, "jqueue_jobs", null).next()) {
                return;
            }
            switch (db) {
                case POSTGRES -> statement.execute("TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY CASCADE");
                case MARIADB -> {
                    statement.execute("SET FOREIGN_KEY_CHECKS = 0");
                    for (String table : TABLES) {
                        statement.execute("TRUNCATE TABLE " + table);
                    }
                    statement.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
                case SQLITE -> {
                    statement.execute("PRAGMA foreign_keys = OFF");
                    for (String table : TABLES) {
                        statement.execute("DELETE FROM " + table);
                    }
                    statement.execute("PRAGMA foreign_keys = ON");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
