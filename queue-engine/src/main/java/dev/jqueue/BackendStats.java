package dev.jqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A snapshot of one backend's queues, taken with a handful of grouped queries. */
public record BackendStats(String backend, Instant takenAt, List<QueueSummary> queues) {

    /**
     * Per-queue counts by state, pause flag and latency. {@code finishedAtLeast}: {@code finished}
     * was counted only up to a cap and there are more (see {@code Stats.observed}).
     */
    public record QueueSummary(String name, long ready, long scheduled, long claimed, long blocked,
                               long failed, long finished, long invalid, boolean paused,
                               Optional<Duration> latency, boolean finishedAtLeast) {

        /** Exact counts. */
        public QueueSummary(String name, long ready, long scheduled, long claimed, long blocked, long failed,
                            long finished, long invalid, boolean paused, Optional<Duration> latency) {
            this(name, ready, scheduled, claimed, blocked, failed, finished, invalid, paused, latency, false);
        }

        public long count(JobState state) {
            return switch (state) {
                case READY -> ready;
                case SCHEDULED -> scheduled;
                case CLAIMED -> claimed;
                case BLOCKED -> blocked;
                case FAILED -> failed;
                case FINISHED -> finished;
                case INVALID -> invalid;
            };
        }
    }

    public long total(JobState state) {
        return queues.stream().mapToLong(q -> q.count(state)).sum();
    }
}
