package dev.jqueue;

import java.time.Duration;
import java.util.Optional;

/** A handle on one queue of one backend. Every call reads or writes the database. */
public interface QueueInfo {

    String name();

    /** Ready jobs in this queue. */
    long size();

    /**
     * Time since the oldest ready job became ready (paused time excluded after a resume);
     * {@link Duration#ZERO} when the queue is empty; empty when the queue is paused.
     */
    Optional<Duration> latency();

    boolean paused();

    /** Stops claiming from this queue (enqueueing goes on). Returns once no claim is in flight. */
    void pause();

    /** Resumes claiming; returns false if the queue was not paused. */
    boolean resume();

    /** Discards the ready jobs of this queue in batches; returns how many were discarded. */
    int clear();
}
