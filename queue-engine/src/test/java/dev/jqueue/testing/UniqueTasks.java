package dev.jqueue.testing;

import dev.jqueue.JQueueTask;
import dev.jqueue.Unique;
import dev.jqueue.UniqueScope;

/** Unique tasks, one per scope, for the unique-jobs contract. */
public class UniqueTasks {

    @JQueueTask(name = "unique.report", queue = "reports", unique = @Unique(key = "report:{accountId}"))
    public String report(long accountId) {
        return "report " + accountId;
    }

    @JQueueTask(name = "unique.queued", unique = @Unique(key = "queued:{accountId}", scope = UniqueScope.QUEUED))
    public void queued(long accountId) {
    }

    @JQueueTask(name = "unique.finished", unique = @Unique(key = "finished:{accountId}", scope = UniqueScope.UNTIL_FINISHED))
    public void finished(long accountId) {
    }

    @JQueueTask(name = "unique.period", unique = @Unique(key = "period:{accountId}", period = "10m"))
    public void period(long accountId) {
    }

    @JQueueTask(name = "unique.badKey", unique = @Unique(key = "bad:{nope}"))
    public void badKey(long accountId) {
    }

    @JQueueTask(name = "unique.badPeriod", unique = @Unique(key = "p:{accountId}", period = "soon"))
    public void badPeriod(long accountId) {
    }
}
