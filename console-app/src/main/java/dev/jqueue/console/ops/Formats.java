package dev.jqueue.console.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times and durations as the operations pages print them. */
public final class Formats {

    public static final String NONE = "–";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** {@code 2026-05-04 14:03:12} in the server's zone, or a dash. */
    public static String time(Instant instant) {
        return instant == null ? NONE : TIME.format(instant);
    }

    /** "850 ms", "12 s", "3 min 4 s", "2 h 5 min", "4 d 3 h". */
    public static String duration(Duration duration) {
        if (duration == null) {
            return NONE;
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

    /** "12 s ago" (or "in 3 min 2 s" for a time ahead of {@code now}). */
    public static String relative(Instant at, Instant now) {
        if (at == null) {
            return NONE;
        }
        Duration delta = Duration.between(at, now);
        return delta.isNegative() ? "in " + duration(delta.negated()) : duration(delta) + " ago";
    }

    /** The text shortened to {@code max} characters with an ellipsis. */
    public static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** The simple name of a binary class name ({@code java.lang.IllegalStateException} → {@code IllegalStateException}). */
    public static String simpleClassName(String className) {
        if (className == null) {
            return NONE;
        }
        int dot = className.lastIndexOf('.');
        String simple = dot < 0 ? className : className.substring(dot + 1);
        return simple.replace('$', '.');
    }

    /** The last two segments of a task path ({@code dev.x.DemoTasks.sendEmail} → {@code DemoTasks.sendEmail}). */
    public static String shortTaskPath(String taskPath) {
        if (taskPath == null) {
            return NONE;
        }
        int last = taskPath.lastIndexOf('.');
        int before = last <= 0 ? -1 : taskPath.lastIndexOf('.', last - 1);
        return before < 0 ? taskPath : taskPath.substring(before + 1);
    }
}
