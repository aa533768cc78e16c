package dev.jqueue.bench.peers;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * db-scheduler's one table, {@code scheduled_tasks}. The db-scheduler jar ships no DDL (its README
 * documents the table per database), so the harness creates it here with the columns and types the
 * README gives and the indexes the scheduler's queries use: due executions by {@code execution_time},
 * dead executions by {@code last_heartbeat}. {@code priority} is there but unused (priority is off).
 */
final class DbSchedulerSchema {

    static final String TABLE = "scheduled_tasks";

    private DbSchedulerSchema() {
    }

    static void recreate(DataSource ds, String db) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            for (String sql : db.equals("mariadb") ? mariadb() : postgres()) {
                s.execute(sql);
            }
        }
    }

    private static List<String> postgres() {
        return List.of("""
                CREATE TABLE scheduled_tasks (
                    task_name            TEXT NOT NULL,
                    task_instance        TEXT NOT NULL,
                    task_data            BYTEA,
                    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
                    picked               BOOLEAN NOT NULL,
                    picked_by            TEXT,
                    last_success         TIMESTAMP WITH TIME ZONE,
                    last_failure         TIMESTAMP WITH TIME ZONE,
                    consecutive_failures INT,
                    last_heartbeat       TIMESTAMP WITH TIME ZONE,
                    version              BIGINT NOT NULL,
                    priority             SMALLINT,
                    PRIMARY KEY (task_name, task_instance))""",
                "CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time)",
                "CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat)");
    }

    private static List<String> mariadb() {
        return List.of("""
                CREATE TABLE scheduled_tasks (
                    task_name            VARCHAR(100) NOT NULL,
                    task_instance        VARCHAR(100) NOT NULL,
                    task_data            BLOB,
                    execution_time       TIMESTAMP(6) NOT NULL,
                    picked               BOOLEAN NOT NULL,
                    picked_by            VARCHAR(50),
                    last_success         TIMESTAMP(6) NULL,
                    last_failure         TIMESTAMP(6) NULL,
                    consecutive_failures INT,
                    last_heartbeat       TIMESTAMP(6) NULL,
                    version              BIGINT NOT NULL,
                    priority             SMALLINT,
                    PRIMARY KEY (task_name, task_instance),
                    INDEX scheduled_tasks_execution_time (execution_time),
                    INDEX scheduled_tasks_last_heartbeat (last_heartbeat))""");
    }
}
