package dev.jqueue.observability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read snapshot of one backend: what {@code /jqueue/stats.json} shows for it and what
 * {@code /jqueue/metrics} renders, in the shape of dj_queue's {@code stats.json}. Taken with a
 * handful of grouped queries by {@link SnapshotReader}; the console shares one per refresh
 * interval ({@link SharedSnapshots}).
 *
 * @param backendAlias the backend
 * @param queueDatabaseAlias the name of the DataSource its tables live on
 * @param processAliveThresholdSeconds a process whose heartbeat is older is stale
 * @param takenAt when the snapshot was taken (the backend's clock)
 * @param queues every queue with job rows, a pause or a recurring task, by name
 * @param runnerMetrics live and stale process rows, in total and by kind
 * @param recurring the backend's recurring tasks, by key
 * @param semaphores the semaphores of the backend's database (shared by every backend on it)
 * @param failedJobs failed jobs of the backend and their age against the retention setting
 * @param processRows all process rows of the backend, live or stale
 * @param postgresDiagnostics on PostgreSQL, when asked for ({@code stats.json}): what keeps vacuum
 *                            from the queue tables; null otherwise
 * @param invalidCheckedAt when the invalid counts were taken by the background check
 *                         ({@link InvalidStateChecks}); null when no check has finished yet (the counts are then 0)
 */
public record BackendSnapshot(String backendAlias, String queueDatabaseAlias, double processAliveThresholdSeconds,
                              Instant takenAt, List<QueueSnapshot> queues, RunnerMetrics runnerMetrics,
                              List<RecurringSnapshot> recurring, List<SemaphoreSnapshot> semaphores,
                              FailedJobs failedJobs, long processRows, PostgresDiagnostics postgresDiagnostics,
                              Instant invalidCheckedAt) {

    /**
     * One queue. {@code latencySeconds} is null when the queue is paused or has no ready job.
     * {@code liveWorkerCount} counts live Worker processes whose queue selectors match it.
     * {@code finishedAtLeast}: the finished jobs were counted only up to {@link SnapshotReader#FINISHED_CAP},
     * and there are more. {@code invalidCount} is the background check's, as of the snapshot's
     * {@code invalidCheckedAt}.
     */
    public record QueueSnapshot(String name, long readyCount, long scheduledCount, long claimedCount, long blockedCount,
                                long failedCount, long finishedCount, long invalidCount, boolean paused,
                                Double latencySeconds, Instant oldestScheduledAt, Instant oldestBlockedAt,
                                long liveWorkerCount, boolean finishedAtLeast) {

        /** A queue whose finished count is exact. */
        public QueueSnapshot(String name, long readyCount, long scheduledCount, long claimedCount, long blockedCount,
                             long failedCount, long finishedCount, long invalidCount, boolean paused,
                             Double latencySeconds, Instant oldestScheduledAt, Instant oldestBlockedAt,
                             long liveWorkerCount) {
            this(name, readyCount, scheduledCount, claimedCount, blockedCount, failedCount, finishedCount, invalidCount,
                    paused, latencySeconds, oldestScheduledAt, oldestBlockedAt, liveWorkerCount, false);
        }

        /** Counts by state label: ready, scheduled, claimed, blocked, failed, finished, invalid. */
        public Map<String, Long> countsByState() {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("ready", readyCount);
            counts.put("scheduled", scheduledCount);
            counts.put("claimed", claimedCount);
            counts.put("blocked", blockedCount);
            counts.put("failed", failedCount);
            counts.put("finished", finishedCount);
            counts.put("invalid", invalidCount);
            return counts;
        }
    }

    /** Live and stale counts. */
    public record LiveStale(long live, long stale) {
    }

    /** Process rows by liveness, in total and by kind (Supervisor, Worker, Dispatcher, Scheduler). */
    public record RunnerMetrics(long live, long stale, Map<String, LiveStale> byKind) {
    }

    /** A recurring task; {@code lastRunAt} is its latest reserved tick. */
    public record RecurringSnapshot(String key, String taskPath, String queueName, String schedule, boolean isStatic,
                                    Instant lastRunAt, Instant nextRunAt) {
    }

    /** A semaphore: {@code availableSlots} free of {@code limit}, and how many blocked jobs wait for it. */
    public record SemaphoreSnapshot(String key, long activeCount, long availableSlots, long limit, long blockedWaiters,
                                    Instant expiresAt) {
    }

    /**
     * Failed jobs of the backend. The retention fields are null when {@code clear-failed-jobs-after}
     * is unset; {@code oldestAgeSeconds} is null when there are none.
     */
    public record FailedJobs(long count, Instant oldestCreatedAt, Double oldestAgeSeconds, Double retentionSeconds,
                             Long overRetentionCount) {
    }

    /**
     * The JSON object of this backend in {@code stats.json} (snake_case keys, ISO-8601 times, nulls kept);
     * {@code postgres_diagnostics} only when read ({@code {"error": …}} when its read failed).
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend_alias", backendAlias);
        json.put("queue_database_alias", queueDatabaseAlias);
        json.put("process_alive_threshold", processAliveThresholdSeconds);
        json.put("captured_at", text(takenAt));
        json.put("invalid_checked_at", text(invalidCheckedAt));
        List<Object> queueList = new ArrayList<>();
        for (QueueSnapshot queue : queues) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("name", queue.name());
            q.put("ready_count", queue.readyCount());
            q.put("scheduled_count", queue.scheduledCount());
            q.put("claimed_count", queue.claimedCount());
            q.put("blocked_count", queue.blockedCount());
            q.put("failed_count", queue.failedCount());
            q.put("finished_count", queue.finishedCount());
            q.put("finished_count_at_least", queue.finishedAtLeast());
            q.put("invalid_count", queue.invalidCount());
            q.put("paused", queue.paused());
            q.put("latency_seconds", queue.latencySeconds());
            q.put("oldest_scheduled_at", text(queue.oldestScheduledAt()));
            q.put("oldest_blocked_at", text(queue.oldestBlockedAt()));
            q.put("live_worker_count", queue.liveWorkerCount());
            queueList.add(q);
        }
        json.put("queues", queueList);
        Map<String, Object> runners = new LinkedHashMap<>();
        runners.put("live", runnerMetrics.live());
        runners.put("stale", runnerMetrics.stale());
        Map<String, Object> byKind = new LinkedHashMap<>();
        runnerMetrics.byKind().forEach((kind, counts) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("live", counts.live());
            c.put("stale", counts.stale());
            byKind.put(kind, c);
        });
        runners.put("by_kind", byKind);
        json.put("runner_metrics", runners);
        json.put("process_rows", processRows);
        List<Object> recurringList = new ArrayList<>();
        for (RecurringSnapshot task : recurring) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("key", task.key());
            r.put("task_path", task.taskPath());
            r.put("queue_name", task.queueName());
            r.put("schedule", task.schedule());
            r.put("static", task.isStatic());
            r.put("last_run_at", text(task.lastRunAt()));
            r.put("next_run_at", text(task.nextRunAt()));
            recurringList.add(r);
        }
        json.put("recurring", recurringList);
        List<Object> semaphoreList = new ArrayList<>();
        for (SemaphoreSnapshot semaphore : semaphores) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("scope", "database");
            s.put("queue_database_alias", queueDatabaseAlias);
            s.put("key", semaphore.key());
            s.put("active_count", semaphore.activeCount());
            s.put("available_slots", semaphore.availableSlots());
            s.put("limit", semaphore.limit());
            s.put("blocked_waiters", semaphore.blockedWaiters());
            s.put("expires_at", text(semaphore.expiresAt()));
            semaphoreList.add(s);
        }
        json.put("semaphores", semaphoreList);
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("count", failedJobs.count());
        failed.put("oldest_created_at", text(failedJobs.oldestCreatedAt()));
        failed.put("oldest_age_seconds", failedJobs.oldestAgeSeconds());
        failed.put("retention_seconds", failedJobs.retentionSeconds());
        failed.put("over_retention_count", failedJobs.overRetentionCount());
        json.put("failed_jobs", failed);
        if (postgresDiagnostics != null) {
            json.put("postgres_diagnostics", postgresDiagnostics.toJson());
        }
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
