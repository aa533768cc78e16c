package dev.jqueue.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueOptions;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JobState;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.DispatcherProperties;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Supervisor;
import dev.jqueue.runtime.Worker;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** LISTEN/NOTIFY on the real PostgreSQL: sent only on commit, and wakes only matching workers. */
class ListenNotifyTest {

    HikariDataSource dataSource;
    Backend jqueue;
    Supervisor supervisor;

    private final Logger eventLogger = (Logger) LoggerFactory.getLogger("dev.jqueue.events");
    private final Events events = new Events();
    private Level previousLevel;
    private boolean previousAdditive;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabase.POSTGRES.dataSource();
        jqueue = BackendBuilder.on(dataSource).tasks(new TestTasks()).migrate(false).build();
        previousLevel = eventLogger.getLevel();
        previousAdditive = eventLogger.isAdditive();
        eventLogger.setLevel(Level.DEBUG);
        eventLogger.setAdditive(false); // keep the console quiet
        events.start();
        eventLogger.addAppender(events);
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.stop();
        }
        eventLogger.detachAppender(events);
        eventLogger.setLevel(previousLevel);
        eventLogger.setAdditive(previousAdditive);
    }

    /** The poll.cycle events (silence-polling=false) the runners log, to see that a worker polled. */
    static final class Events extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> list = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            list.add(event);
        }
    }

    /** {@code worker} logged a poll that found no work: it now sleeps for its polling interval. */
    private boolean idlePolled(String worker) {
        return events.list.stream().anyMatch(e -> e.getKeyValuePairs() != null
                && e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("event") && "poll.cycle".equals(kv.value))
                && e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("runner") && worker.equals(kv.value))
                && e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("found_work") && Boolean.FALSE.equals(kv.value)));
    }

    private static List<String> drain(PGConnection listener, int timeoutMillis) throws Exception {
        List<String> payloads = new ArrayList<>();
        PGNotification[] notifications = listener.getNotifications(timeoutMillis);
        if (notifications != null) {
            for (PGNotification notification : notifications) {
                payloads.add(notification.getParameter());
            }
        }
        return payloads;
    }

    @Test
    void notificationsAreSentOnCommitOnlyAndNameTheQueues() throws Exception {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("LISTEN jqueue_ready");
            PGConnection listener = connection.unwrap(PGConnection.class);

            transactions.executeWithoutResult(status -> {
                jqueue.enqueue(EnqueueOptions.onQueue("rolled"), "test.echo", "x");
                status.setRollbackOnly();
            });
            assertThat(drain(listener, 700)).as("nothing after a rollback").isEmpty();

            jqueue.enqueue(EnqueueOptions.onQueue("mail"), "test.echo", "single");
            assertThat(drain(listener, 2000)).containsExactly("{\"backend\":\"default\",\"queues\":[\"mail\"]}");

            jqueue.enqueueAll(List.of(EnqueueRequest.of("test.echo", "a").with(EnqueueOptions.onQueue("alpha")),
                    EnqueueRequest.of("test.echo", "b").with(EnqueueOptions.onQueue("beta")),
                    EnqueueRequest.of("test.echo", "c").with(EnqueueOptions.onQueue("alpha"))));
            assertThat(drain(listener, 2000)).as("one notification per transaction, queues deduplicated")
                    .containsExactly("{\"backend\":\"default\",\"queues\":[\"alpha\",\"beta\"]}");

            jqueue.enqueue(EnqueueOptions.onQueue("later").runAfter(Duration.ofHours(1)), "test.echo", "scheduled");
            assertThat(drain(listener, 500)).as("a scheduled job wakes nobody").isEmpty();
        }
    }

    @Test
    void aNotificationWakesOnlyWorkersWhoseSelectorsMatch() throws Exception {
        Duration slowPolling = Duration.ofSeconds(60);
        BackendProperties properties = BackendProperties.defaults()
                .withWorkers(List.of(new WorkerProperties(List.of("alpha"), 1, 1, slowPolling, 1, false),
                        new WorkerProperties(List.of("beta*"), 1, 1, slowPolling, 1, false)))
                .withDispatchers(List.of(new DispatcherProperties(100, slowPolling)))
                .withRetention(null, null, null); // no retention, so no scheduler: the workers are the first runners
        supervisor = BackendBuilder.supervisor(jqueue, properties.withSilencePolling(false));
        supervisor.start();
        Worker alpha = (Worker) supervisor.runners().get(0);
        Worker beta = (Worker) supervisor.runners().get(1);
        // Wait for the state the test needs, not for time: both LISTEN connections are listening
        // and both workers finished a poll that found nothing, so only a notification wakes them
        // before the 60 s poll.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(alpha.listening() && beta.listening() && idlePolled(alpha.name()) && idlePolled(beta.name()))) {
            assertThat(System.nanoTime()).as("both workers listening and idle after a poll; events: %s", events.list)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(alpha.notifyWakeups()).isZero();

        UUID id = jqueue.enqueue(EnqueueOptions.onQueue("alpha"), "test.echo", "woken").id();

        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jqueue.getResult(id).state() != JobState.FINISHED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jqueue.getResult(id).state()).as("run long before the 60 s poll").isEqualTo(JobState.FINISHED);
        assertThat(alpha.notifyWakeups()).isGreaterThanOrEqualTo(1);
        assertThat(beta.notifyWakeups()).isZero();

        UUID prefixed = jqueue.enqueue(EnqueueOptions.onQueue("beta-reports"), "test.echo", "prefix").id();
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jqueue.getResult(prefixed).state() != JobState.FINISHED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jqueue.getResult(prefixed).state()).isEqualTo(JobState.FINISHED);
        assertThat(beta.notifyWakeups()).isGreaterThanOrEqualTo(1);
    }
}
