package dev.jqueue;

import java.util.Locale;

/**
 * Where a job is in its lifecycle: exactly one live execution row, or finished.
 * Any other combination is {@link #INVALID}, which jqueue reports rather than hides.
 */
public enum JobState {
    READY, SCHEDULED, CLAIMED, BLOCKED, FAILED, FINISHED, INVALID;

    /** Derives the state from which execution rows exist and whether the job is finished. */
    public static JobState of(boolean finished, boolean ready, boolean scheduled, boolean claimed,
                              boolean blocked, boolean failed) {
        int live = (ready ? 1 : 0) + (scheduled ? 1 : 0) + (claimed ? 1 : 0) + (blocked ? 1 : 0) + (failed ? 1 : 0);
        if (finished) {
            return live == 0 ? FINISHED : INVALID;
        }
        if (live != 1) {
            return INVALID;
        }
        if (ready) return READY;
        if (scheduled) return SCHEDULED;
        if (claimed) return CLAIMED;
        if (blocked) return BLOCKED;
        return FAILED;
    }

    public TaskStatus status() {
        return switch (this) {
            case READY, SCHEDULED, BLOCKED -> TaskStatus.READY;
            case CLAIMED -> TaskStatus.RUNNING;
            case FINISHED -> TaskStatus.SUCCESSFUL;
            case FAILED, INVALID -> TaskStatus.FAILED;
        };
    }

    /** Lower-case name used in URLs, metrics labels and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromLabel(String label) {
        try {
            return valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown job state '" + label + "'");
        }
    }
}
