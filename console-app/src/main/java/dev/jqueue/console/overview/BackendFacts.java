package dev.jqueue.console.overview;

import java.time.Duration;

/**
 * What an operator wants to know about a backend before reading its numbers. These come from
 * configuration and the database's capabilities, so they do not change while the console runs.
 *
 * @param alias the backend alias
 * @param mode how its supervisors run runners: "async" (threads) or "fork" (child JVMs)
 * @param databaseFamily the engine's dialect: postgresql, mysql or sqlite
 * @param database database product and version, e.g. "PostgreSQL 16.4"
 * @param dataSource the name of the DataSource holding the backend's tables
 * @param embeddedWorkers whether this console process runs the backend's workers itself
 * @param schedulerConfigured whether a scheduler has work (recurring tasks, dynamic tasks or retention)
 * @param schedulerHere whether this console runs that scheduler (embedded and not skipped)
 * @param dynamicTasks whether recurring tasks created at runtime fire
 * @param listenNotify LISTEN/NOTIFY wake-ups: "on", "off" or "unsupported"
 * @param skipLocked row locks that skip locked rows: "on", "off" ({@code use-skip-locked: false}) or "unsupported"
 * @param heartbeatInterval how often runners refresh their process rows
 * @param aliveThreshold a process whose heartbeat is older is stale
 * @param preserveFinishedJobs whether finished jobs are kept at all
 * @param finishedRetention finished jobs are deleted after this (null: kept)
 * @param failedRetention failed jobs are deleted after this (null: kept)
 */
public record BackendFacts(String alias, String mode, String databaseFamily, String database, String dataSource,
                           boolean embeddedWorkers, boolean schedulerConfigured, boolean schedulerHere,
                           boolean dynamicTasks, String listenNotify, String skipLocked, Duration heartbeatInterval,
                           Duration aliveThreshold, boolean preserveFinishedJobs, Duration finishedRetention,
                           Duration failedRetention) {

    /** "finished 1 d, failed kept", or "finished jobs are not kept". */
    public String retention() {
        String finished = !preserveFinishedJobs ? "finished jobs not kept"
                : finishedRetention == null || finishedRetention.isZero() ? "finished kept"
                : "finished " + dev.jqueue.console.ui.DurationText.format(finishedRetention);
        String failed = failedRetention == null ? "failed kept"
                : "failed " + dev.jqueue.console.ui.DurationText.format(failedRetention);
        return finished + ", " + failed;
    }
}
