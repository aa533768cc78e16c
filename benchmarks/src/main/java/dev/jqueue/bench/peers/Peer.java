package dev.jqueue.bench.peers;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One peer job queue as a drain sees it. {@link PeerDrain} times {@link #start()} to the first
 * {@link #drained()} that answers true; everything else is set-up or checking and is not timed.
 */
interface Peer extends AutoCloseable {

    /** What is recorded with every run: the peer, its version and the settings that decide its throughput. */
    Map<String, Object> params();

    /** The params every peer starts with: its name, its version and its worker threads. */
    static Map<String, Object> params(String name, String version) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("peer", name);
        p.put("peer_version", version);
        p.put("threads", PeerDrain.THREADS);
        return p;
    }

    /** Drops the peer's tables and creates them again, so no rows or planner statistics carry over. */
    void reset(DataSource ds) throws Exception;

    /** Inserts {@code size} no-op tasks, due now, in bulk; the scheduler is not running yet. */
    void seed(DataSource ds, int size) throws Exception;

    /** Starts the peer's scheduler or background-job server, on the pool it was seeded through. */
    void start() throws Exception;

    /** True once the database records every seeded task as completed. */
    boolean drained() throws Exception;

    /** Stops the scheduler (nothing if it is not running), so what it recorded can be checked. */
    void stop() throws Exception;

    /** After the drain and {@link #stop()}: throws if the peer recorded anything but {@code size} plain successes. */
    default void verify(int size) throws Exception {
    }

    /** Stops the scheduler if it still runs and releases what the peer holds (not the pool). */
    @Override
    void close() throws Exception;
}
