package dev.jqueue.runtime;

import dev.jqueue.TaskContext;
import dev.jqueue.backend.Backend;
import dev.jqueue.observability.JobEvents;
import dev.jqueue.operations.Completion;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.Job;
import dev.jqueue.state.QueueSelector;
import dev.jqueue.task.TaskDefinition;
import dev.jqueue.task.UnknownTaskException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims ready jobs and runs them on a bounded pool of {@code threads}.
 *
 * <p>It claims only when a thread is idle, up to {@code threads × prefetch} minus the jobs
 * still queued or running. A job body holds no database connection while it runs: outcomes go
 * to a completer thread that records them in batches, one transaction per batch, so a burst of
 * short jobs costs one commit per batch while a lone job is recorded at once. Claiming and
 * recording overlap (a finished job frees its thread before its completion commits), bounded
 * by {@link #maxUnrecorded} so that a slow database holds back new claims.
 */
public final class Worker extends Poller {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");
    private static final int COMPLETION_BATCH = 500;

    /** A finished run waiting to be recorded. */
    private record Outcome(Job job, String resultJson, Throwable error, String errorClass) {
        UUID jobId() {
            return job.id();
        }
    }

    private final Backend backend;
    private final QueueSelector selector;
    private final int threads;
    private final int prefetch;
    private final boolean virtualThreads;
    /** Claimed and not yet recorded as finished or failed (what a stop must drain). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Claimed and not yet done running (queued for a thread, or on one). */
    private final AtomicInteger executing = new AtomicInteger();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    /** Jobs given up at a stop deadline: their late outcomes are dropped (someone else fails them). */
    private final Set<UUID> abandoned = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Object drained = new Object();
    private ExecutorService pool;
    private Thread completer;
    private volatile boolean completerStopping;
    private ReadyListener listener;
    /** A claim failed: it may have committed without this worker hearing back. */
    private boolean claimUnsure;

    public Worker(String name, Backend backend, List<String> queues, int threads, int prefetch, Duration pollingInterval,
                  boolean virtualThreads) {
        super(name, pollingInterval, backend);
        this.backend = backend;
        this.selector = QueueSelector.parse(queues);
        this.threads = threads;
        this.prefetch = prefetch;
        this.virtualThreads = virtualThreads;
    }

    @Override
    public String kind() {
        return "Worker";
    }

    @Override
    public Runner fresh() {
        return new Worker(name, backend, selector.entries().stream().map(Object::toString).toList(), threads, prefetch,
                pollingInterval, virtualThreads);
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("queues", selector.entries().stream().map(Object::toString).toList());
        metadata.put("threads", threads);
        metadata.put("prefetch_multiplier", prefetch);
        metadata.put("polling_interval", pollingInterval.toMillis() / 1000.0);
        return metadata;
    }

    public QueueSelector selector() {
        return selector;
    }

    /** LISTEN/NOTIFY wake-ups that matched this worker (0 where notify is off or unsupported). */
    public long notifyWakeups() {
        return listener == null ? 0 : listener.wakeups();
    }

    /** Whether this worker's LISTEN connection is up. */
    public boolean listening() {
        return listener != null && listener.listening();
    }

    /** Jobs claimed and not yet recorded as finished or failed. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void start(long processId) {
        ThreadFactory factory = virtualThreads
                ? Thread.ofVirtual().name("jqueue-" + name + "-v", 1).factory()
                : Thread.ofPlatform().name("jqueue-" + name + "-t", 1).daemon(true).factory();
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        completer = Thread.ofPlatform().name("jqueue-" + name + "-completer").daemon(true).start(this::recordOutcomes);
        if (backend.context().notifyEnabled()) {
            listener = new ReadyListener(name, backend.context().db.dataSource(), backend.backend(), selector,
                    wakeup::signal, backend.context().codec.mapper(), backend.context().db.outage());
            listener.start();
        }
        super.start(processId);
    }

    /** Outcomes allowed to wait for their commit before claiming stops. */
    private int maxUnrecorded() {
        return threads * prefetch + COMPLETION_BATCH;
    }

    @Override
    protected boolean poll() {
        int busy = executing.get();
        int unrecorded = inFlight.get();
        if (busy >= threads || unrecorded >= maxUnrecorded()) {
            return false; // no idle thread, or the completer is behind: wait for a wake-up
        }
        if (claimUnsure) {
            adoptLostClaims();
        }
        int limit = Math.min(threads * prefetch - busy, maxUnrecorded() - unrecorded);
        List<Job> jobs;
        try {
            jobs = backend.claim.claim(processId(), selector, limit);
        } catch (RuntimeException e) {
            claimUnsure = true; // the commit may have happened before the connection dropped
            throw e;
        }
        jobs.forEach(this::submit);
        return jobs.size() == limit;
    }

    private void submit(Job job) {
        inFlight.incrementAndGet();
        executing.incrementAndGet();
        running.add(job.id());
        pool.execute(() -> execute(job));
    }

    /**
     * After a claim that failed on its way back: the jobs this worker's row holds that it does
     * not know of were claimed by that attempt, and run now (they never ran). Only the poll thread
     * claims, and a job leaves {@link #running} only after its outcome committed, so a claim row
     * of this process that is not in {@code running} can only come from a lost answer.
     */
    private void adoptLostClaims() {
        List<Job> held = backend.claim.held(processId());
        claimUnsure = false;
        for (Job job : held) {
            if (!running.contains(job.id()) && !abandoned.contains(job.id())) {
                log.atWarn().addKeyValue("event", "job.claim_recovered").addKeyValue("backend", backend.backend())
                        .addKeyValue("worker", name).addKeyValue("job_id", job.id())
                        .log("job.claim_recovered: {} runs job {} from a claim whose answer was lost", name, job.id());
                submit(job);
            }
        }
    }

    private void execute(Job job) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = run(job);
        } finally {
            if (executing.decrementAndGet() == threads - 1) {
                // The pool was full and a thread is free: the poller, which stopped claiming for
                // want of a thread, may claim again. A thread freed in a pool that was not full
                // creates no work to claim; waking the poller then only costs an empty claim.
                wakeup.signal();
            }
        }
        JobEvents.executed(backend.context(), job.taskPath(), job.queueName(), System.nanoTime() - started,
                outcome.error() == null);
        outcomes.add(outcome);
    }

    /** Runs the task body; every way it can end becomes an outcome, never an escaped exception. */
    private Outcome run(Job job) {
        Optional<TaskDefinition> task = backend.context().tasks.find(job.taskPath());
        if (task.isEmpty()) {
            UnknownTaskException error = new UnknownTaskException(job.taskPath());
            return new Outcome(job, null, error, error.getClass().getName());
        }
        Object result;
        try {
            TaskContext context = new TaskContext(job.id(), job.attempts() + 1, backend.backend(), job.queueName(), name);
            Object[] args = backend.context().codec.decode(task.get(), job.payload(), context);
            result = task.get().method().invoke(task.get().bean(), args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(job, null, cause, cause.getClass().getName());
        } catch (Throwable e) {
            return new Outcome(job, null, e, e.getClass().getName());
        }
        try {
            return new Outcome(job, backend.context().codec.encodeResult(result), null, null);
        } catch (IllegalArgumentException e) {
            return new Outcome(job, null, e, IllegalArgumentException.class.getName());
        }
    }

    /** The completer: records outcomes in batches until stopped and empty. */
    private void recordOutcomes() {
        List<Outcome> batch = new ArrayList<>();
        while (!(completerStopping && outcomes.isEmpty())) {
            try {
                Outcome first = outcomes.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outcomes.drainTo(batch, COMPLETION_BATCH - 1);
                record(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void record(List<Outcome> batch) throws InterruptedException {
        List<ClaimedExecution.Completion> successes = new ArrayList<>();
        List<Completion.FailedRun> failures = new ArrayList<>();
        batch.removeIf(outcome -> abandoned.contains(outcome.jobId()));
        for (Outcome outcome : batch) {
            if (outcome.error() == null) {
                successes.add(new ClaimedExecution.Completion(outcome.jobId(), outcome.resultJson()));
            } else {
                failures.add(new Completion.FailedRun(outcome.job(), outcome.errorClass(), outcome.error()));
            }
        }
        recordUntilDone("completions", successes.size(), () -> backend.completion.complete(successes));
        recordUntilDone("failures", failures.size(), () -> backend.completion.failAttempts(failures));
        for (Outcome outcome : batch) {
            running.remove(outcome.jobId());
        }
        inFlight.addAndGet(-batch.size());
        wakeup.signal();
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    /**
     * A database outage must not lose outcomes: retries until recorded (or the process dies, in
     * which case recovery fails the claims), backing off up to {@link Poller#MAX_BACKOFF}. A retry
     * of a batch whose commit did happen finds its claims consumed and records nothing twice.
     */
    private void recordUntilDone(String what, int count, Runnable record) throws InterruptedException {
        for (int attempt = 1; count > 0; attempt++) {
            try {
                record.run();
                return;
            } catch (RuntimeException e) {
                backend.context().db.outage().failed(name + ".complete", e); // an outage is logged once
                Thread.sleep(Math.min(Poller.MAX_BACKOFF.toMillis(), 100L * attempt));
            }
        }
    }

    /**
     * Lets claimed work finish within {@code timeout}. Whatever is still running then is
     * interrupted and its claims are failed with {@code ProcessExitError}, so nothing stays
     * claimed by a worker that is gone.
     */
    @Override
    public boolean awaitStop(Duration timeout) {
        return drain(timeout, true);
    }

    @Override
    public boolean abandon(Duration timeout) {
        return drain(timeout, false);
    }

    private boolean drain(Duration timeout, boolean failLeftovers) {
        Instant deadline = Instant.now().plus(timeout);
        if (listener != null) {
            listener.stop();
        }
        if (!joinLoop(timeout)) {
            interruptLoop(); // a hung poll
        }
        if (pool == null) {
            return true;
        }
        pool.shutdown();
        synchronized (drained) {
            while (inFlight.get() > 0 && Instant.now().isBefore(deadline)) {
                try {
                    drained.wait(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        boolean clean = inFlight.get() == 0;
        if (!clean) {
            abandoned.addAll(running);
            // Fail the claims first, then interrupt: an interrupted job's own outcome then
            // finds its claim gone and is dropped, so the recorded error is the shutdown.
            for (UUID jobId : failLeftovers ? List.copyOf(running) : List.<UUID>of()) {
                try {
                    backend.completion.fail(jobId, "dev.jqueue.ProcessExitError",
                            "worker " + name + " stopped before the job finished (shutdown timeout " + timeout + ")", "", null);
                } catch (RuntimeException e) {
                    log.warn("jqueue {}: could not fail unfinished job {}: {}", name, jobId, e.toString());
                }
            }
            pool.shutdownNow();
        }
        completerStopping = true;
        try {
            completer.join(clean ? 5000 : 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return clean;
    }
}
