package dev.jqueue.bench.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * db-scheduler draining one-off tasks. Executions of a one-time task are deleted when they
 * complete, so the drain is over when {@code scheduled_tasks} is empty (a failed one is
 * rescheduled and stays, so an empty table also means no failures).
 */
final class DbSchedulerPeer implements Peer {

    static final String NAME = "db-scheduler";
    private static final Duration POLLING_INTERVAL = Duration.ofMillis(100); // as jqueue's worker-drain

    private final String db;
    private final OneTimeTask<Void> task = Tasks.oneTime("bench-noop")
            .execute((instance, context) -> PeerNoop.run(Integer.parseInt(instance.getId())));
    private Scheduler scheduler;
    private Connection monitor;
    private Statement monitorStatement;

    DbSchedulerPeer(String db) {
        this.db = db;
    }

    /**
     * Lock-and-fetch (one {@code UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING} claims a batch)
     * is db-scheduler's strategy for high throughput, but only its PostgreSQL customization
     * supports it; on MariaDB it keeps its default, fetch then lock each execution on execute.
     * The fractions are the library's own defaults for each strategy (of the thread count: fetch
     * again below the lower, fetch up to the upper).
     */
    private boolean lockAndFetch() {
        return db.equals("postgres");
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = Peer.params(NAME,
                PeerVersion.of(Scheduler.class, "com.github.kagkarlsson", "db-scheduler"));
        p.put("polling", lockAndFetch() ? "lock-and-fetch(0.5,1.0)" : "fetch(0.5,3.0)");
        p.put("polling_ms", POLLING_INTERVAL.toMillis());
        return p;
    }

    @Override
    public void reset(DataSource ds) throws Exception {
        DbSchedulerSchema.recreate(ds, db);
    }

    @Override
    public void seed(DataSource ds, int size) throws Exception {
        // MariaDB's TIMESTAMP has no zone: db-scheduler asks for timestamps persisted in UTC there.
        JdbcCustomization jdbc = new AutodetectJdbcCustomization(ds, db.equals("mariadb"));
        SchedulerClient client = SchedulerClient.Builder.create(ds, task).jdbcCustomization(jdbc).build();
        Stream<TaskInstance<?>> instances = IntStream.range(0, size).mapToObj(i -> task.instance(Integer.toString(i)));
        client.scheduleBatch(instances, Instant.now()); // JDBC batches of SchedulerClient.DEFAULT_BATCH_SIZE

        // Built now, started in start(): as for jqueue's worker-drain, only starting is timed.
        SchedulerBuilder builder = Scheduler.create(ds, task)
                .jdbcCustomization(jdbc)
                .threads(PeerDrain.THREADS)
                .pollingInterval(POLLING_INTERVAL)
                .shutdownMaxWait(Duration.ofSeconds(10));
        if (lockAndFetch()) {
            builder.pollUsingLockAndFetch(0.5, 1.0);
        } else {
            builder.pollUsingFetchAndLockOnExecute(0.5, 3.0);
        }
        scheduler = builder.build();
        monitor = ds.getConnection(); // held for the drain checks, so they never wait on the pool
        monitorStatement = monitor.createStatement();
    }

    @Override
    public void start() {
        scheduler.start();
    }

    @Override
    public boolean drained() throws Exception {
        try (ResultSet rs = monitorStatement.executeQuery("SELECT COUNT(*) FROM " + DbSchedulerSchema.TABLE)) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
    }
}
