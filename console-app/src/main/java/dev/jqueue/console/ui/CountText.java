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

    /** "3 jobs", "1 job". */
    public static String of(long value, String singular, String plural) {
        return format(value) + " " + (value == 1 ? singular : plural);
    }
}
