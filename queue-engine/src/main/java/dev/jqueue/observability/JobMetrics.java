package dev.jqueue.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * Micrometer meters for jobs: the counter {@code jqueue.jobs.enqueued{backend,task,queue}} and
 * the timer {@code jqueue.jobs.executed{backend,task,queue,outcome=success|failure}} (in
 * Prometheus: {@code jqueue_jobs_enqueued_total}, {@code jqueue_jobs_executed_seconds_*}).
 * Recorded into every given registry: the application's, and jqueue's own Prometheus registry
 * behind {@code /jqueue/metrics}.
 */
public final class JobMetrics implements JobEventListener {

    public static final String ENQUEUED = "jqueue.jobs.enqueued";
    public static final String EXECUTED = "jqueue.jobs.executed";

    private final List<MeterRegistry> registries;

    public JobMetrics(List<MeterRegistry> registries) {
        this.registries = List.copyOf(registries);
    }

    @Override
    public void enqueued(String backend, String taskPath, String queue, int count) {
        for (MeterRegistry registry : registries) {
            Counter.builder(ENQUEUED).description("Jobs enqueued")
                    .tags("backend", backend, "task", taskPath, "queue", queue)
                    .register(registry).increment(count);
        }
    }

    @Override
    public void executed(String backend, String taskPath, String queue, Duration duration, Outcome outcome) {
        for (MeterRegistry registry : registries) {
            Timer.builder(EXECUTED).description("Job task bodies run by workers, by outcome")
                    .tags("backend", backend, "task", taskPath, "queue", queue, "outcome", outcome.tag())
                    .register(registry).record(duration);
        }
    }

    @Override
    public String toString() {
        return "JobMetrics" + registries.stream().map(r -> r.getClass().getSimpleName()).toList();
    }
}
