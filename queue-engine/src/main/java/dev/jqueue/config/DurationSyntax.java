package dev.jqueue.config;

import java.math.BigDecimal;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One meaning per written duration. dj_queue's overlay files write durations as bare numbers of
 * seconds ({@code clear_finished_jobs_after: 86400}, {@code polling_interval: 0.1}); Spring reads
 * a bare number as milliseconds. So the overlay turns its bare numbers into seconds before Spring
 * sees them, and {@code jqueue.*} properties refuse bare numbers: "86400" is a day in the overlay
 * and an error everywhere else, never 86 seconds.
 */
public final class DurationSyntax {

    private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    /** The kebab-case names of every duration option of a backend, its workers, dispatchers and scheduler. */
    static final Set<String> OPTIONS = durationOptions(BackendProperties.class, WorkerProperties.class,
            DispatcherProperties.class, SchedulerProperties.class);

    /** The retention windows, which may be unset ({@code never}, or empty / {@code ~} in YAML) to keep rows forever. */
    static final Set<String> UNSETTABLE = Set.of("clear-finished-jobs-after", "clear-failed-jobs-after",
            "clear-recurring-executions-after");
    /**
     * What "unset" binds as. Spring applies an option's default when its value is empty, so an
     * explicit "keep forever" needs a value of its own; the records turn this one back into null.
     */
    static final Duration NEVER = Duration.ofSeconds(Long.MAX_VALUE / 4);

    private DurationSyntax() {
    }

    /** {@code never}, {@code none} or empty: the user unset the window. */
    static boolean isUnsetWord(String value) {
        String word = value.trim().toLowerCase(Locale.ROOT);
        return word.isEmpty() || word.equals("never") || word.equals("none") || word.equals("null") || word.equals("~");
    }

    /** A bound retention window: null when it was unset. */
    static Duration unsetIfNever(Duration window) {
        return NEVER.equals(window) ? null : window;
    }

    static boolean isBareNumber(Object value) {
        return value instanceof Number || (value instanceof CharSequence text && BARE_NUMBER.matcher(text.toString().trim()).matches());
    }

    /** An overlay's bare number of seconds ({@code 0.1}, {@code 86400}) as an ISO-8601 duration Spring reads the same way. */
    static String seconds(Object bareNumber) {
        BigDecimal seconds = new BigDecimal(bareNumber.toString().trim());
        return Duration.ofNanos(seconds.movePointRight(9).longValueExact()).toString();
    }

    /** Why {@code name = value} is refused in a {@code jqueue.*} property. */
    static String bareNumberRefusal(Object value) {
        return "a bare number (" + value + ") is not a jqueue duration outside the overlay file, where it means seconds; "
                + "give it a unit: write 86400s or 1d (units ms, s, m, h, d)";
    }

    /** {@code clear_finished_jobs_after}, {@code clearFinishedJobsAfter} → {@code clear-finished-jobs-after}. */
    static String kebab(String name) {
        return JQueueConfigValidator.kebab(name).replace('_', '-').toLowerCase(Locale.ROOT);
    }

    private static Set<String> durationOptions(Class<?>... records) {
        Set<String> names = new TreeSet<>();
        for (Class<?> record : records) {
            for (RecordComponent component : record.getRecordComponents()) {
                if (component.getType() == Duration.class) {
                    names.add(JQueueConfigValidator.kebab(component.getName()));
                }
            }
        }
        return Set.copyOf(names);
    }
}
