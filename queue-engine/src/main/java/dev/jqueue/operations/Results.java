package dev.jqueue.operations;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PROCESSES;
import static dev.jqueue.state.Tables.READY;
import static dev.jqueue.state.Tables.SCHEDULED;

import dev.jqueue.JobState;
import dev.jqueue.NoSuchJobException;
import dev.jqueue.TaskError;
import dev.jqueue.TaskResult;
import dev.jqueue.task.TaskDefinition;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads a job's result: one query over the job and its five possible execution rows. */
public final class Results {

    /** Class name reported for a job whose rows contradict each other. */
    public static final String INVALID_STATE_ERROR = "dev.jqueue.JQueueError";

    private final BackendContext backend;

    public Results(BackendContext backend) {
        this.backend = backend;
    }

    public TaskResult get(UUID id) {
        return find(id).orElseThrow(() -> new NoSuchJobException(id, backend.alias));
    }

    public Optional<TaskResult> find(UUID id) {
        String sql = "SELECT j.id, j.task_path, j.queue_name, j.priority, j.scheduled_at, j.finished_at, j.attempts, "
                + "j.created_at, " + backend.dialect.jsonText("j.return_value") + " AS return_text, "
                + "r.id AS ready_id, s.id AS scheduled_id, c.id AS claimed_id, c.created_at AS claimed_at, "
                + "p.name AS process_name, b.id AS blocked_id, f.id AS failed_id, f.exception_class, f.message, "
                + "f.traceback, f.created_at AS failed_at "
                + "FROM " + JOBS + " j "
                + "LEFT JOIN " + READY + " r ON r.job_id = j.id "
                + "LEFT JOIN " + SCHEDULED + " s ON s.job_id = j.id "
                + "LEFT JOIN " + CLAIMED + " c ON c.job_id = j.id "
                + "LEFT JOIN " + PROCESSES + " p ON p.id = c.process_id "
                + "LEFT JOIN " + BLOCKED + " b ON b.job_id = j.id "
                + "LEFT JOIN " + FAILED + " f ON f.job_id = j.id "
                + "WHERE j.id = ? AND j.backend_alias = ?";
        return backend.db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                backend.dialect.setUuid(ps, 1, id);
                ps.setString(2, backend.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Instant finishedAt = backend.dialect.getInstant(rs, "finished_at");
                    JobState state = JobState.of(finishedAt != null, rs.getObject("ready_id") != null,
                            rs.getObject("scheduled_id") != null, rs.getObject("claimed_id") != null,
                            rs.getObject("blocked_id") != null, rs.getObject("failed_id") != null);
                    String taskPath = rs.getString("task_path");
                    Instant failedAt = backend.dialect.getInstant(rs, "failed_at");
                    List<TaskError> errors = List.of();
                    if (state == JobState.INVALID) {
                        errors = List.of(new TaskError(INVALID_STATE_ERROR, "invalid execution state",
                                "job " + id + " has an invalid execution state (contradicting execution rows)", null));
                    } else if (state == JobState.FAILED) {
                        errors = List.of(new TaskError(rs.getString("exception_class"), rs.getString("message"),
                                rs.getString("traceback"), failedAt));
                    }
                    String processName = rs.getString("process_name");
                    Instant claimedAt = backend.dialect.getInstant(rs, "claimed_at");
                    TaskDefinition task = backend.tasks.find(taskPath).orElse(null);
                    return Optional.of(new TaskResult(id, backend.alias, taskPath, rs.getString("queue_name"),
                            rs.getInt("priority"), state, rs.getString("return_text"), errors,
                            backend.dialect.getInstant(rs, "created_at"), backend.dialect.getInstant(rs, "scheduled_at"),
                            claimedAt, state == JobState.FAILED ? failedAt : finishedAt,
                            processName == null ? List.of() : List.of(processName), rs.getInt("attempts"),
                            json -> backend.codec.decodeResult(task, json)));
                }
            }
        });
    }
}
