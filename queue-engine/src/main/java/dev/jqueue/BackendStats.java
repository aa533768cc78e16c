package dev.jqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A snapshot of one backend's queues, taken with a handful of grouped queries. */
public record BackendStats(String backend, Instant takenAt, List<QueueSummary> queues) {

    /** Per-queue counts by state, pause flag and latency. */
    public record QueueSummary(String name, long ready, long scheduled, long claimed, long blocked,
                               long failed, long finished, long invalid, boolean paused,
                               Optional<Duration> latency) {

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
