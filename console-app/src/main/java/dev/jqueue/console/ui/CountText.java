package dev.jqueue.console.ui;

import dev.jqueue.reads.Count;
import java.util.Locale;

/** Counts as operators read them: "1,234", and a capped count as "10,000+". */
public final class CountText {

    private CountText() {
    }

    public static String format(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A capped count: "10,000+" when the real number is at least that. */
    public static String format(Count count) {
        return format(count.value()) + (count.atLeast() ? "+" : "");
    }

    /** "3 jobs", "1 job", "10,000+ jobs". */
    public static String of(Count count, String singular, String plural) {
        return format(count) + " " + (count.value() == 1 && !count.atLeast() ? singular : plural);
    }

    /** A queue's count of one state: "10,000+" for a finished count that was capped. */
    public static String of(dev.jqueue.observability.BackendSnapshot.QueueSnapshot queue, dev.jqueue.JobState state,
                            long count) {
        return format(count) + (state == dev.jqueue.JobState.FINISHED && queue.finishedAtLeast() ? "+" : "");
    }

    /** When the invalid counts were taken: "invalid-state check 3 min ago", or that none has finished yet. */
    public static String invalidCheck(java.time.Instant checkedAt, java.time.Instant now) {
        return checkedAt == null ? "invalid-state check running (invalid counts shown as 0 until it finishes)"
                : "invalid-state check " + Times.relative(checkedAt, now);
    }

    /** "3 jobs", "1 job". */
    public static String of(long value, String singular, String plural) {
        return format(value) + " " + (value == 1 ? singular : plural);
    }
}
