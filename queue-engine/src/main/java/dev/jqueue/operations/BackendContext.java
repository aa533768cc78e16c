package dev.jqueue.operations;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import dev.jqueue.state.BlockedExecution;
import dev.jqueue.state.ClaimedExecution;
import dev.jqueue.state.FailedExecution;
import dev.jqueue.state.JobStore;
import dev.jqueue.state.Pause;
import dev.jqueue.state.ProcessRow;
import dev.jqueue.state.ReadyExecution;
import dev.jqueue.state.ScheduledExecution;
import dev.jqueue.state.Semaphore;
import dev.jqueue.state.StateGuard;
import dev.jqueue.task.ArgumentCodec;
import dev.jqueue.task.TaskRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * One backend as the operations see it: its alias, database, settings and the gateways of
 * its tables. Every operation of a backend shares one context.
 */
public final class BackendContext {

    public final String alias;
    public final QueueDatabase db;
    public final Dialect dialect;
    public final Clock clock;
    public final TaskRegistry tasks;
    public final ArgumentCodec codec;
    public final Settings settings;

    public final JobStore jobs;
    public final ReadyExecution ready;
    public final ScheduledExecution scheduled;
    public final ClaimedExecution claimed;
    public final BlockedExecution blocked;
    public final FailedExecution failed;
    public final Pause pauses;
    public final Semaphore semaphores;
    public final ProcessRow processes;
    public final StateGuard guard;

    /** Settings the operations consult. */
    public record Settings(List<String> allowedQueues, boolean preserveFinishedJobs, boolean allowUnregisteredTasks,
                           java.time.Duration defaultConcurrencyDuration, boolean listenNotify, boolean useSkipLocked) {
        public Settings {
            allowedQueues = allowedQueues == null ? List.of() : List.copyOf(allowedQueues);
            defaultConcurrencyDuration = defaultConcurrencyDuration == null
                    ? java.time.Duration.ofSeconds(180) : defaultConcurrencyDuration;
        }

        public Settings(List<String> allowedQueues, boolean preserveFinishedJobs, boolean allowUnregisteredTasks) {
            this(allowedQueues, preserveFinishedJobs, allowUnregisteredTasks, java.time.Duration.ofSeconds(180), true);
        }

        public Settings(List<String> allowedQueues, boolean preserveFinishedJobs, boolean allowUnregisteredTasks,
                        java.time.Duration defaultConcurrencyDuration, boolean listenNotify) {
            this(allowedQueues, preserveFinishedJobs, allowUnregisteredTasks, defaultConcurrencyDuration, listenNotify, true);
        }

        public boolean queueAllowed(String queue) {
            return allowedQueues.isEmpty() || Set.copyOf(allowedQueues).contains(queue);
        }
    }

    public BackendContext(String alias, QueueDatabase db, Clock clock, TaskRegistry tasks, ArgumentCodec codec,
                          Settings settings) {
        this.alias = alias;
        if (!settings.useSkipLocked()) {
            db = db.withDialect(db.dialect().withoutSkipLocked()); // this backend's locks wait; others on the database skip
        }
        this.db = db;
        this.dialect = db.dialect();
        this.clock = clock;
        this.tasks = tasks;
        this.codec = codec;
        this.settings = settings;
        this.jobs = new JobStore(db, alias);
        this.ready = new ReadyExecution(db, alias);
        this.scheduled = new ScheduledExecution(db, alias);
        this.claimed = new ClaimedExecution(db, alias, jobs);
        this.blocked = new BlockedExecution(db, alias, jobs);
        this.failed = new FailedExecution(db, alias);
        this.pauses = new Pause(db, alias);
        this.semaphores = new Semaphore(db);
        this.processes = new ProcessRow(db, alias);
        this.guard = new StateGuard(dialect);
    }

    /** LISTEN/NOTIFY wake-ups: configured on and supported by the database. */
    public boolean notifyEnabled() {
        return settings.listenNotify() && dialect.supportsListenNotify();
    }

    /** Now, at the microsecond precision every supported database stores. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
