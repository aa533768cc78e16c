package dev.jqueue.observability;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A scrape-time collector: every scrape takes fresh {@link BackendSnapshot}s and turns them into
 * gauge families, so there are no stale gauges for queues that disappeared. The families and
 * labels follow dj_queue's {@code /metrics}:
 * {@code jqueue_queue_jobs{backend,queue,state}}, {@code jqueue_queue_paused{backend,queue}},
 * {@code jqueue_queue_latency_seconds{backend,queue}} (omitted when null),
 * {@code jqueue_queue_live_workers{backend,queue}}, {@code jqueue_runner_processes{backend,status}},
 * {@code jqueue_runner_processes_by_kind{backend,kind,status}}, {@code jqueue_recurring_tasks{backend}},
 * {@code jqueue_semaphores{queue_database}} (once per database), {@code jqueue_process_rows{backend}},
 * {@code jqueue_failed_jobs{backend}}, {@code jqueue_failed_job_oldest_age_seconds{backend}} (omitted
 * when there are none), and, only for backends with {@code clear-failed-jobs-after} set,
 * {@code jqueue_failed_job_retention_seconds{backend}} and {@code jqueue_failed_jobs_over_retention{backend}}.
 *
 * <p>No gauge carries a capped or stale number without saying so: {@code jqueue_queue_jobs} has its
 * {@code finished} point only while that count is exact (under {@link SnapshotReader#FINISHED_CAP});
 * {@code jqueue_queue_finished_jobs_at_least{backend,queue}} is always there (the cap once there
 * are more). Its {@code invalid} point is the background check's, present once a check has run,
 * with {@code jqueue_invalid_check_age_seconds{backend}} saying how old it is.
 */
public final class JQueueMetricsCollector implements MultiCollector {

    static final List<String> FAMILIES = List.of("jqueue_queue_jobs", "jqueue_queue_paused",
            "jqueue_queue_latency_seconds", "jqueue_queue_live_workers", "jqueue_runner_processes",
            "jqueue_runner_processes_by_kind", "jqueue_recurring_tasks", "jqueue_semaphores", "jqueue_process_rows",
            "jqueue_failed_jobs", "jqueue_failed_job_oldest_age_seconds", "jqueue_failed_job_retention_seconds",
            "jqueue_failed_jobs_over_retention", "jqueue_queue_finished_jobs_at_least", "jqueue_invalid_check_age_seconds");

    private final Supplier<List<BackendSnapshot>> snapshots;

    public JQueueMetricsCollector(Supplier<List<BackendSnapshot>> snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public MetricSnapshots collect() {
        return snapshot(snapshots.get());
    }

    @Override
    public List<String> getPrometheusNames() {
        return FAMILIES;
    }

    /** The gauge families of these snapshots. */
    public static MetricSnapshots snapshot(List<BackendSnapshot> backends) {
        Family jobs = new Family("jqueue_queue_jobs", "Jobs per queue and state");
        Family paused = new Family("jqueue_queue_paused", "1 when the queue is paused");
        Family latency = new Family("jqueue_queue_latency_seconds", "Age of the oldest ready job; absent when paused or empty");
        Family liveWorkers = new Family("jqueue_queue_live_workers", "Live worker processes whose selectors match the queue");
        Family runners = new Family("jqueue_runner_processes", "Process rows by liveness");
        Family runnersByKind = new Family("jqueue_runner_processes_by_kind", "Process rows by kind and liveness");
        Family recurring = new Family("jqueue_recurring_tasks", "Recurring tasks of the backend");
        Family semaphores = new Family("jqueue_semaphores", "Semaphores on the queue database");
        Family processRows = new Family("jqueue_process_rows", "Process rows of the backend");
        Family failed = new Family("jqueue_failed_jobs", "Failed jobs of the backend");
        Family oldestFailed = new Family("jqueue_failed_job_oldest_age_seconds", "Age of the oldest failed job");
        Family retention = new Family("jqueue_failed_job_retention_seconds", "clear-failed-jobs-after of the backend");
        Family overRetention = new Family("jqueue_failed_jobs_over_retention", "Failed jobs older than clear-failed-jobs-after");
        Family finishedAtLeast = new Family("jqueue_queue_finished_jobs_at_least",
                "Finished jobs per queue, counted up to " + SnapshotReader.FINISHED_CAP);
        Family invalidAge = new Family("jqueue_invalid_check_age_seconds", "Age of the invalid-state counts");

        Map<String, Long> semaphoresByDatabase = new LinkedHashMap<>();
        for (BackendSnapshot backend : backends) {
            String b = backend.backendAlias();
            for (BackendSnapshot.QueueSnapshot queue : backend.queues()) {
                queue.countsByState().forEach((state, count) -> {
                    boolean inexact = state.equals("finished") ? queue.finishedAtLeast()
                            : state.equals("invalid") && backend.invalidCheckedAt() == null;
                    if (!inexact) {
                        jobs.add(count, "backend", b, "queue", queue.name(), "state", state);
                    }
                });
                finishedAtLeast.add(queue.finishedCount(), "backend", b, "queue", queue.name());
                paused.add(queue.paused() ? 1 : 0, "backend", b, "queue", queue.name());
                if (queue.latencySeconds() != null) {
                    latency.add(queue.latencySeconds(), "backend", b, "queue", queue.name());
                }
                liveWorkers.add(queue.liveWorkerCount(), "backend", b, "queue", queue.name());
            }
            if (backend.invalidCheckedAt() != null) {
                invalidAge.add(Math.max(0, java.time.Duration.between(backend.invalidCheckedAt(), backend.takenAt()).toMillis() / 1000.0),
                        "backend", b);
            }
            runners.add(backend.runnerMetrics().live(), "backend", b, "status", "live");
            runners.add(backend.runnerMetrics().stale(), "backend", b, "status", "stale");
            backend.runnerMetrics().byKind().forEach((kind, counts) -> {
                runnersByKind.add(counts.live(), "backend", b, "kind", kind, "status", "live");
                runnersByKind.add(counts.stale(), "backend", b, "kind", kind, "status", "stale");
            });
            recurring.add(backend.recurring().size(), "backend", b);
            semaphoresByDatabase.putIfAbsent(backend.queueDatabaseAlias(), (long) backend.semaphores().size());
            processRows.add(backend.processRows(), "backend", b);
            BackendSnapshot.FailedJobs failedJobs = backend.failedJobs();
            failed.add(failedJobs.count(), "backend", b);
            if (failedJobs.oldestAgeSeconds() != null) {
                oldestFailed.add(failedJobs.oldestAgeSeconds(), "backend", b);
            }
            if (failedJobs.retentionSeconds() != null) {
                retention.add(failedJobs.retentionSeconds(), "backend", b);
                overRetention.add(failedJobs.overRetentionCount(), "backend", b);
            }
        }
        semaphoresByDatabase.forEach((database, count) -> semaphores.add(count, "queue_database", database));

        List<MetricSnapshot> families = new ArrayList<>();
        for (Family family : List.of(jobs, paused, latency, liveWorkers, runners, runnersByKind, recurring, semaphores,
                processRows, failed, oldestFailed, retention, overRetention, finishedAtLeast, invalidAge)) {
            if (!family.points.isEmpty()) {
                families.add(family.build());
            }
        }
        return new MetricSnapshots(families);
    }

    /** One gauge family being filled. */
    private static final class Family {
        private final String name;
        private final String help;
        private final List<GaugeDataPointSnapshot> points = new ArrayList<>();

        Family(String name, String help) {
            this.name = name;
            this.help = help;
        }

        void add(double value, String... labels) {
            points.add(GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
        }

        GaugeSnapshot build() {
            GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
            points.forEach(builder::dataPoint);
            return builder.build();
        }
    }
}
