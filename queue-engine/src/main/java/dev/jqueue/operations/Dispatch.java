package dev.jqueue.operations;

import dev.jqueue.state.Job;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides where a job without a live state goes next and writes that row: scheduled when its
 * run time is ahead, otherwise ready. Enqueue, promotion, retry and run-now all pass through
 * here, so the rule lives in one place.
 */
public final class Dispatch {

    /** How many jobs went where. */
    public record Outcome(int ready, int scheduled) {
    }

    private final BackendContext backend;

    public Dispatch(BackendContext backend) {
        this.backend = backend;
    }

    public Outcome dispatch(Connection connection, List<Job> jobs, Instant now) throws SQLException {
        List<Job> ready = new ArrayList<>();
        List<Job> scheduled = new ArrayList<>();
        for (Job job : jobs) {
            (job.dueAt(now) ? ready : scheduled).add(job);
        }
        backend.ready.insert(connection, ready, now);
        backend.scheduled.insert(connection, scheduled, now);
        return new Outcome(ready.size(), scheduled.size());
    }
}
