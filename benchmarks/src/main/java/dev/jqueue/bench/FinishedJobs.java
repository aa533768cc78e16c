package dev.jqueue.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@code --finished=N}: N finished {@code bench.noop} jobs retained in {@code jqueue_jobs} before a
 * drain is seeded, as a queue that keeps its finished jobs carries them. Written with plain SQL,
 * 100,000 rows a statement (a million in seconds rather than the minutes enqueue-and-drain would
 * take): ids {@code 00000000-0000-7000-8000-<n>} (below every id the engine generates), payload
 * {@code {"args":[n]}}, one attempt, finished one second apart going back from now, no execution rows.
 */
record FinishedJobs(String db, int count) {

    private static final int CHUNK = 100_000;
    private static final String COLUMNS = "jqueue_jobs (id, task_path, queue_name, priority, payload, backend_alias, "
            + "attempts, finished_at, created_at, updated_at) ";

    static FinishedJobs none() {
        return new FinishedJobs("", 0);
    }

    /**
     * Inserts the rows, finished one millisecond apart going back from now (a million rows span
     * 17 minutes): older ones would be deleted by the scheduler's retention during the drain
     * (finished jobs are cleared after a day by default). Returns the nanoseconds it took.
     */
    long seed(DataSource ds) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            for (int from = 1; from <= count; from += CHUNK) {
                int to = Math.min(count, from + CHUNK - 1);
                try (PreparedStatement ps = c.prepareStatement(sql(from, to))) {
                    if (!db.equals("mariadb")) {
                        ps.setInt(1, from);
                        ps.setInt(2, to);
                    }
                    ps.executeUpdate();
                }
            }
        }
        return System.nanoTime() - t0;
    }

    /** Rows {@code from..to} (1-based) of the dialect's set-returning source. */
    private String sql(int from, int to) {
        return switch (db) {
            case "postgres" -> "INSERT INTO " + COLUMNS
                    + "SELECT CAST('00000000-0000-7000-8000-' || lpad(g::text, 12, '0') AS uuid), 'bench.noop', 'default', 0, "
                    + "CAST('{\"args\":[' || g || ']}' AS jsonb), 'default', 1, t, t, t "
                    + "FROM (SELECT g, now() - g * interval '1 millisecond' AS t FROM generate_series(?, ?) g) s";
            // MariaDB's SEQUENCE engine: the bounds are part of the table name
            case "mariadb" -> "INSERT INTO " + COLUMNS
                    + "SELECT CONCAT('00000000-0000-7000-8000-', LPAD(seq, 12, '0')), 'bench.noop', 'default', 0, "
                    + "CONCAT('{\"args\":[', seq, ']}'), 'default', 1, t, t, t "
                    + "FROM (SELECT seq, UTC_TIMESTAMP(6) - INTERVAL (seq * 1000) MICROSECOND AS t FROM seq_" + from + "_to_" + to + ") s";
            // SQLite stores timestamps as fixed-width ISO-8601 text with microseconds
            default -> "INSERT INTO " + COLUMNS
                    + "WITH RECURSIVE n(g) AS (SELECT ? UNION ALL SELECT g + 1 FROM n WHERE g < ?) "
                    + "SELECT '00000000-0000-7000-8000-' || substr('000000000000' || g, -12), 'bench.noop', 'default', 0, "
                    + "'{\"args\":[' || g || ']}', 'default', 1, t, t, t "
                    + "FROM (SELECT g, strftime('%Y-%m-%dT%H:%M:%S', 'now', '-' || (g / 1000) || ' seconds') || '.000000Z' AS t FROM n)";
        };
    }
}
