package dev.jqueue.reads;

import dev.jqueue.JobState;
import java.util.Locale;

/**
 * A job list's order: one column and a direction, with the row id as tie-break. Without an
 * explicit sort each state has the reference's default order (ready: priority, then FIFO;
 * scheduled: run time; claimed: claim time; blocked: expiry; failed: newest failure first;
 * finished: newest first).
 */
public record JobSort(Column column, boolean descending) {

    /** Sortable columns; anything else is refused. */
    public enum Column {
        ID("j.id"), TASK("j.task_path"), QUEUE("j.queue_name"), PRIORITY("j.priority"), CREATED("j.created_at"),
        SCHEDULED("j.scheduled_at"), STARTED("c.created_at"), FINISHED("j.finished_at"), FAILED("f.created_at"),
        EXPIRES("b.expires_at"), ATTEMPTS("j.attempts");

        final String sql;

        Column(String sql) {
            this.sql = sql;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Column fromLabel(String label) {
            try {
                return valueOf(label.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unknown sort column '" + label + "'");
            }
        }
    }

    /** Parses {@code "priority"} or {@code "-created"} (minus = descending). */
    public static JobSort parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        boolean descending = trimmed.startsWith("-");
        return new JobSort(Column.fromLabel(descending ? trimmed.substring(1) : trimmed), descending);
    }

    @Override
    public String toString() {
        return (descending ? "-" : "") + column.label();
    }

    /** The ORDER BY clause for an explicit sort or the state's default. */
    static String orderBy(JobSort sort, JobState state) {
        if (sort != null) {
            String direction = sort.descending ? " DESC" : " ASC";
            return sort.column.sql + direction + ", j.id" + direction;
        }
        if (state == null) {
            return "j.id DESC";
        }
        return switch (state) {
            case READY -> "r.priority DESC, r.id";
            case SCHEDULED -> "s.scheduled_at, s.priority DESC, s.id";
            case CLAIMED -> "c.created_at, c.id";
            case BLOCKED -> "b.expires_at, b.priority DESC, b.id";
            case FAILED -> "f.created_at DESC, f.job_id DESC"; // the order of jqueue_fe_created_job_idx, read backwards
            case FINISHED -> "j.finished_at DESC, j.id";
            case INVALID -> "j.id";
        };
    }
}
