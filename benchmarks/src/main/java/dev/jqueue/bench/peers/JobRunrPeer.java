package dev.jqueue.bench.peers;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

/**
 * JobRunr (open-source edition) draining enqueued fire-and-forget jobs. Succeeded jobs stay in
 * {@code jobrunr_jobs} in state SUCCEEDED (until its clean-up, 36 hours later), so the drain is over
 * when the storage provider counts every seeded job as succeeded.
 */
final class JobRunrPeer implements Peer {

    static final String NAME = "jobrunr";
    /** The smallest poll interval JobRunr accepts for a SQL database (it refuses less). */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** Every object JobRunr's migrations create; the view first, it depends on the jobs table. */
    private static final List<String> VIEWS = List.of("jobrunr_jobs_stats");
    private static final List<String> TABLES = List.of("jobrunr_jobs", "jobrunr_recurring_jobs",
            "jobrunr_backgroundjobservers", "jobrunr_metadata", "jobrunr_job_counters", "jobrunr_migrations");

    private StorageProvider storage;
    private BackgroundJobServer server;
    private int size;

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = Peer.params(NAME, PeerVersion.of(JobRunr.class, "org.jobrunr", "jobrunr"));
        // JobRunr's default on Java 21+: its workers are virtual threads.
        p.put("thread_type", BackgroundJobServerThreadType.getDefaultThreadType().name());
        p.put("polling_ms", POLL_INTERVAL.toMillis());
        p.put("json", "jackson3");
        return p;
    }

    /** Drops JobRunr's tables; its own migrations create them again when the storage provider starts. */
    @Override
    public void reset(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String view : VIEWS) {
                s.execute("DROP VIEW IF EXISTS " + view);
            }
            for (String table : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Override
    public void seed(DataSource ds, int size) throws Exception {
        this.size = size;
        storage = SqlStorageProviderFactory.using(ds); // runs JobRunr's migrations on the empty schema
        BackgroundJobServerConfiguration config = BackgroundJobServerConfiguration
                .usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(PeerDrain.THREADS)
                .andPollInterval(POLL_INTERVAL);
        JobRunrConfigurationResult jobRunr = JobRunr.configure()
                .useJsonMapper(new Jackson3JsonMapper())
                .useStorageProvider(storage)
                .useBackgroundJobServer(config, false) // created, not started: seeding is not timed
                .initialize();
        server = jobRunr.getBackgroundJobServer();
        // The stream form saves jobs in batches (one INSERT batch per chunk), JobRunr's bulk enqueue.
        jobRunr.getJobScheduler().enqueue(IntStream.range(0, size).boxed(), i -> PeerNoop.run(i));
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public boolean drained() {
        return storage.countJobs(StateName.SUCCEEDED) == size;
    }

    @Override
    public void verify(int size) {
        for (StateName state : List.of(StateName.FAILED, StateName.ENQUEUED, StateName.PROCESSING,
                StateName.SCHEDULED)) {
            long count = storage.countJobs(state);
            if (count != 0) {
                throw new IllegalStateException(count + " JobRunr jobs in state " + state + " after the drain");
            }
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(); // a no-op once stopped
        }
    }

    @Override
    public void close() {
        if (server != null) {
            // Stops the server (a no-op if it is stopped or never started) and closes the storage
            // provider; JobRunr keeps its configuration in static state, the next run configures anew.
            JobRunr.destroy();
            server = null;
        } else if (storage != null) {
            storage.close(); // seeding failed before JobRunr was configured
        }
        storage = null;
    }
}
