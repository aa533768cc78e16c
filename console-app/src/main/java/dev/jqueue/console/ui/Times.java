package dev.jqueue.console.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Timestamps as every console page shows them: {@code yyyy-MM-dd HH:mm:ss} in the server's zone. */
public final class Times {

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Times() {
    }

    /** "2026-05-01 14:03:07", or "–" for none. */
    public static String format(Instant instant) {
        return instant == null ? "–" : FULL.format(instant);
    }

    /** "14:03:07", or "–" for none. */
    public static String clock(Instant instant) {
        return instant == null ? "–" : CLOCK.format(instant);
    }

    /** "12 s ago" / "in 3 min 4 s", or "" for none. */
    public static String relative(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        Duration between = Duration.between(instant, now);
        return between.isNegative() ? "in " + DurationText.format(between.negated()) : DurationText.format(between) + " ago";
    }

    /** "2026-05-01 14:03:07 (12 s ago)". */
    public static String withRelative(Instant instant, Instant now) {
        return instant == null ? "–" : format(instant) + " (" + relative(instant, now) + ")";
    }

    /** The zone the times are shown in, for captions. */
    public static String zone() {
        return ZoneId.systemDefault().getId();
    }
}
