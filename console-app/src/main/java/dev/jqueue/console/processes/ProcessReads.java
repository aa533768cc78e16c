package dev.jqueue.console.processes;

import static dev.jqueue.state.Tables.CLAIMED;
import static dev.jqueue.state.Tables.JOBS;
import static dev.jqueue.state.Tables.PROCESSES;

import dev.jqueue.backend.Backends;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.sql.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The process rows of a backend (supervisors and their workers, dispatchers and schedulers)
 * with liveness against the backend's {@code process-alive-threshold}, and the jobs each one
 * holds claimed. Plain reads of {@code jqueue_processes} and {@code jqueue_claimed_executions}.
 */
@Service
public class ProcessReads {

    /** At most this many claimed jobs are listed per process. */
    static final int JOBS_SHOWN = 200;

    /** One process row as the page shows it. */
    public record ProcessRow(long id, String kind, String name, long pid, String hostname, Long supervisorId,
                             Instant lastHeartbeatAt, Instant createdAt, String metadataJson, JsonNode metadata,
                             long claimedJobs, boolean live, Duration heartbeatAge) {

        /** {@code shutdown_state} from the metadata ({@code draining} while a stopping worker finishes its jobs), or null. */
        public String shutdownState() {
            JsonNode state = metadata == null ? null : metadata.get("shutdown_state");
            return state == null || state.isNull() ? null : state.asString();
        }

        /** {@code active_jobs} from the metadata of a draining worker, or null. */
        public String activeJobs() {
            JsonNode active = metadata == null ? null : metadata.get("active_jobs");
            return active == null || active.isNull() ? null : active.asString();
        }
    }

    /** A job a process holds claimed. */
    public record ClaimedJob(UUID jobId, String taskPath, String queueName, Instant claimedAt) {
    }

    /** Every process row of the backend and when they were read. */
    public record Processes(Instant readAt, Duration aliveThreshold, List<ProcessRow> rows, long unownedClaims,
                            Map<Long, List<ClaimedJob>> claimedByProcess) {

        /** The first claimed jobs of a process (all of them unless the backend holds very many). */
        public List<ClaimedJob> claimed(long processId) {
            return claimedByProcess.getOrDefault(processId, List.of());
        }
    }

    /** Claimed jobs read along with the process rows (to show a few per process). */
    static final int CLAIMS_READ = 1_000;

    private final Backends backends;

    public ProcessReads(Backends backends) {
        this.backends = backends;
    }

    public Processes processes(String alias) {
        BackendContext context = backends.get(alias).context();
        Dialect dialect = context.dialect;
        Duration threshold = backends.properties(alias).processAliveThreshold();
        Instant now = context.now();
        Instant cutoff = now.minus(threshold);
        String sql = "SELECT p.id, p.kind, p.name, p.pid, p.hostname, p.supervisor_id, p.last_heartbeat_at, p.created_at, "
                + dialect.jsonText("p.metadata") + " AS metadata_text, (SELECT COUNT(*) FROM " + CLAIMED
                + " c WHERE c.process_id = p.id) AS claimed FROM " + PROCESSES + " p WHERE p.backend_alias = ? ORDER BY p.id";
        String unowned = "SELECT COUNT(*) FROM " + CLAIMED + " c JOIN " + JOBS + " j ON j.id = c.job_id "
                + "WHERE c.process_id IS NULL AND j.backend_alias = ?";
        return context.db.read(connection -> {
            List<ProcessRow> rows = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, context.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String metadataText = rs.getString("metadata_text");
                        JsonNode metadata;
                        try {
                            metadata = context.codec.mapper().readTree(metadataText == null ? "{}" : metadataText);
                        } catch (RuntimeException e) {
                            metadata = context.codec.mapper().createObjectNode();
                        }
                        long supervisor = rs.getLong("supervisor_id");
                        Long supervisorId = rs.wasNull() ? null : supervisor;
                        Instant heartbeat = dialect.getInstant(rs, "last_heartbeat_at");
                        rows.add(new ProcessRow(rs.getLong("id"), rs.getString("kind"), rs.getString("name"),
                                rs.getLong("pid"), rs.getString("hostname"), supervisorId, heartbeat,
                                dialect.getInstant(rs, "created_at"), metadataText, metadata, rs.getLong("claimed"),
                                heartbeat != null && !heartbeat.isBefore(cutoff),
                                heartbeat == null ? null : Duration.between(heartbeat, now)));
                    }
                }
            }
            long orphans;
            try (PreparedStatement ps = connection.prepareStatement(unowned)) {
                ps.setString(1, context.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    orphans = rs.getLong(1);
                }
            }
            Map<Long, List<ClaimedJob>> claimed = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT c.process_id, c.job_id, c.created_at, "
                    + "j.task_path, j.queue_name FROM " + CLAIMED + " c JOIN " + JOBS + " j ON j.id = c.job_id "
                    + "WHERE c.process_id IS NOT NULL AND j.backend_alias = ? ORDER BY c.created_at, c.id LIMIT " + CLAIMS_READ)) {
                ps.setString(1, context.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.computeIfAbsent(rs.getLong("process_id"), id -> new ArrayList<>())
                                .add(new ClaimedJob(dialect.getUuid(rs, "job_id"), rs.getString("task_path"),
                                        rs.getString("queue_name"), dialect.getInstant(rs, "created_at")));
                    }
                }
            }
            return new Processes(now, threshold, rows, orphans, claimed);
        });
    }

    /** The jobs a process holds claimed, oldest claim first. */
    public List<ClaimedJob> claimedJobs(String alias, long processId) {
        BackendContext context = backends.get(alias).context();
        Dialect dialect = context.dialect;
        String sql = "SELECT c.job_id, c.created_at, j.task_path, j.queue_name FROM " + CLAIMED + " c JOIN " + JOBS
                + " j ON j.id = c.job_id WHERE c.process_id = ? AND j.backend_alias = ? ORDER BY c.created_at, c.id LIMIT "
                + JOBS_SHOWN;
        return context.db.read(connection -> {
            List<ClaimedJob> jobs = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setLong(1, processId);
                ps.setString(2, context.alias);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(new ClaimedJob(dialect.getUuid(rs, "job_id"), rs.getString("task_path"),
                                rs.getString("queue_name"), dialect.getInstant(rs, "created_at")));
                    }
                }
            }
            return jobs;
        });
    }
}
