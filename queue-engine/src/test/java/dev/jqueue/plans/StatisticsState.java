package dev.jqueue.plans;

/**
 * The planner-statistics states a queue's tables go through (the benchmark harness uses the
 * same names). With autovacuum off, statistics change only when something runs ANALYZE.
 */
public enum StatisticsState {
    /** New tables, never analyzed. */
    FRESH,
    /** Analyzed right after the backlog was seeded: statistics show ready work and nothing finished. */
    SEEDED,
    /** A queue that ran and went idle: execution tables emptied by the transitions and analyzed empty, finished jobs retained; then a backlog. */
    HISTORY,
    /** Finished jobs and a backlog, then analyzed. */
    BACKLOG
}
