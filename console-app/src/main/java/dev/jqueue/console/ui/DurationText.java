package dev.jqueue.console.ui;

import java.time.Duration;

/** Short human-readable durations for tables: "850 ms", "12 s", "3 min 4 s", "2 h 5 min", "2 d 2 h". */
public final class DurationText {

    private DurationText() {
    }

    /** The duration, or "–" for none. */
    public static String format(Duration duration) {
        if (duration == null) {
            return "–";
        }
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + " ms";
        }
        if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
            return duration.toSeconds() + " s";
        }
        if (duration.compareTo(Duration.ofHours(1)) < 0) {
            return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
        }
        if (duration.compareTo(Duration.ofDays(1)) < 0) {
            return duration.toHours() + " h " + duration.toMinutesPart() + " min";
        }
        return duration.toDays() + " d " + duration.toHoursPart() + " h";
    }

    /** Seconds (as the snapshot reports them), or "–" for none. */
    public static String seconds(Double seconds) {
        return seconds == null ? "–" : format(Duration.ofNanos((long) (seconds * 1e9)));
    }
}
