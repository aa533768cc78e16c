package dev.jqueue.recurring;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.jqueue.EnqueueError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A recurring task's schedule: a cron expression parsed with cron-utils.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>five fields ({@code minute hour day-of-month month day-of-week}), or six with a leading
 *       seconds field; month and weekday names, {@code 0} and {@code 7} for Sunday, {@code L},
 *       {@code W}, {@code #} and {@code ?} as cron-utils reads them;</li>
 *   <li>the presets {@code @yearly @annually @monthly @weekly @daily @midnight @noon @hourly};</li>
 *   <li>either followed by an IANA time zone ({@code 0 9 * * 1-5 Europe/Berlin}); without one
 *       the schedule runs in UTC.</li>
 * </ul>
 * When both day-of-month and day-of-week are restricted (neither starts with {@code *} nor is
 * {@code ?}) a day matches if <em>either</em> matches, as in Vixie cron and the reference.
 * An expression that never fires ({@code 0 0 31 2 *}) is invalid.
 *
 * <p>Ticks are whole seconds. Instances are immutable and cached by expression text.
 */
public final class CronSchedule {

    public static final String INVALID = "schedule must be a valid cron expression";
    public static final int MAX_LENGTH = 255;

    private static final Map<String, String> PRESETS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@noon", "0 12 * * *",
            "@hourly", "0 * * * *");

    /** A trailing token that is meant as a time zone (and must then be a valid one). */
    private static final Pattern ZONE_TOKEN = Pattern.compile(
            "[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z][A-Za-z0-9_+\\-]*)+"
                    + "|UTC|GMT|UT|Z|[+-]\\d{2}(:?\\d{2})?|(UTC|GMT)[+-]\\d{1,2}(:?\\d{2})?");

    private static final CronParser FIVE_FIELDS = new CronParser(definition(false));
    private static final CronParser SIX_FIELDS = new CronParser(definition(true));
    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, CronSchedule> CACHE = new ConcurrentHashMap<>();

    private final String expression;
    private final ZoneId zone;
    private final boolean seconds;
    private final List<ExecutionTime> parts;
    private final String description;

    private CronSchedule(String expression, ZoneId zone, boolean seconds, List<ExecutionTime> parts, String description) {
        this.expression = expression;
        this.zone = zone;
        this.seconds = seconds;
        this.parts = parts;
        this.description = description;
    }

    /** Parses a schedule; throws {@link EnqueueError} "schedule must be a valid cron expression". */
    public static CronSchedule parse(String expression) {
        if (expression == null) {
            throw new EnqueueError(INVALID);
        }
        CronSchedule cached = CACHE.get(expression);
        if (cached != null) {
            return cached;
        }
        CronSchedule parsed = doParse(expression);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(expression, parsed);
        return parsed;
    }

    public static boolean isValid(String expression) {
        try {
            parse(expression);
            return true;
        } catch (EnqueueError e) {
            return false;
        }
    }

    private static CronSchedule doParse(String expression) {
        String text = expression.strip();
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new EnqueueError(INVALID);
        }
        List<String> tokens = new ArrayList<>(List.of(text.split("\\s+")));
        ZoneId zone = ZoneOffset.UTC;
        boolean preset = tokens.getFirst().startsWith("@");
        int fieldCount = preset ? 1 : tokens.size() <= 5 ? tokens.size() : -1;
        if (preset && tokens.size() == 2 || !preset && tokens.size() == 7
                || !preset && tokens.size() == 6 && ZONE_TOKEN.matcher(tokens.getLast()).matches()) {
            zone = zone(tokens.removeLast());
            fieldCount = tokens.size();
        } else if (!preset && tokens.size() == 6) {
            fieldCount = 6;
        }
        if (preset) {
            if (tokens.size() != 1) {
                throw new EnqueueError(INVALID);
            }
            String expanded = PRESETS.get(tokens.getFirst().toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new EnqueueError(INVALID);
            }
            tokens = List.of(expanded.split(" "));
            fieldCount = 5;
        }
        if (fieldCount != 5 && fieldCount != 6) {
            throw new EnqueueError(INVALID);
        }
        boolean withSeconds = fieldCount == 6;
        List<String> fields = tokens.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList();
        int dom = withSeconds ? 3 : 2;
        int dow = dom + 2;
        CronParser parser = withSeconds ? SIX_FIELDS : FIVE_FIELDS;
        List<String> variants = restricted(fields.get(dom)) && restricted(fields.get(dow))
                ? List.of(join(fields, dow, "*"), join(fields, dom, "*"))
                : List.of(String.join(" ", fields));
        List<ExecutionTime> parts = new ArrayList<>();
        Cron described;
        try {
            for (String variant : variants) {
                Cron cron = parser.parse(variant);
                cron.validate();
                parts.add(ExecutionTime.forCron(cron));
            }
            described = parser.parse(String.join(" ", fields));
        } catch (RuntimeException e) {
            throw new EnqueueError(INVALID, e);
        }
        String description = describe(described, variants.size() > 1, parser, variants);
        if (!ZoneOffset.UTC.equals(zone)) {
            description = description + " (" + zone.getId() + " time)";
        }
        CronSchedule schedule = new CronSchedule(text, zone, withSeconds, List.copyOf(parts), description);
        try {
            if (schedule.next(Instant.now()).isEmpty()) {
                throw new EnqueueError(INVALID); // never fires, e.g. 0 0 31 2 *
            }
        } catch (RuntimeException e) {
            throw e instanceof EnqueueError enqueueError ? enqueueError : new EnqueueError(INVALID, e);
        }
        return schedule;
    }

    private static ZoneId zone(String token) {
        if (!ZONE_TOKEN.matcher(token).matches()) {
            throw new EnqueueError(INVALID);
        }
        try {
            return ZoneId.of(token);
        } catch (DateTimeException e) {
            throw new EnqueueError(INVALID, e);
        }
    }

    private static boolean restricted(String field) {
        return !field.startsWith("*") && !field.equals("?");
    }

    private static String join(List<String> fields, int replace, String value) {
        List<String> copy = new ArrayList<>(fields);
        copy.set(replace, value);
        return String.join(" ", copy);
    }

    private static String describe(Cron cron, boolean either, CronParser parser, List<String> variants) {
        CronDescriptor descriptor = CronDescriptor.instance(Locale.ENGLISH);
        try {
            if (either) {
                return descriptor.describe(parser.parse(variants.get(0))) + ", or "
                        + descriptor.describe(parser.parse(variants.get(1)));
            }
            return descriptor.describe(cron);
        } catch (RuntimeException e) {
            return cron.asString();
        }
    }

    private static CronDefinition definition(boolean withSeconds) {
        CronDefinitionBuilder builder = CronDefinitionBuilder.defineCron();
        if (withSeconds) {
            builder = builder.withSeconds().withValidRange(0, 59).withStrictRange().and();
        }
        return builder
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark()
                .withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).supportsHash()
                .supportsL().supportsQuestionMark().withStrictRange().and()
                .instance();
    }

    /** The expression as given (trimmed). */
    public String expression() {
        return expression;
    }

    /** The zone the fields are read in (UTC unless the expression names one). */
    public ZoneId zone() {
        return zone;
    }

    /** Whether the expression has a seconds field. */
    public boolean hasSeconds() {
        return seconds;
    }

    /** A plain-English description (cron-utils' {@code CronDescriptor}). */
    public String describe() {
        return description;
    }

    /** The first tick strictly after {@code after}. */
    public Optional<Instant> next(Instant after) {
        ZonedDateTime base = after.atZone(zone);
        Instant best = null;
        for (ExecutionTime part : parts) {
            Optional<ZonedDateTime> next = part.nextExecution(base);
            if (next.isPresent() && (best == null || next.get().toInstant().isBefore(best))) {
                best = next.get().toInstant();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The next {@code count} ticks strictly after {@code after}. */
    public List<Instant> nextTimes(Instant after, int count) {
        List<Instant> times = new ArrayList<>();
        Instant cursor = after;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = next(cursor);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            cursor = next.get();
        }
        return times;
    }

    /** The latest tick at or before {@code atOrBefore}. */
    public Optional<Instant> latest(Instant atOrBefore) {
        Instant second = atOrBefore.truncatedTo(ChronoUnit.SECONDS);
        if (isTick(second)) {
            return Optional.of(second);
        }
        ZonedDateTime base = second.atZone(zone);
        Instant best = null;
        for (ExecutionTime part : parts) {
            Optional<ZonedDateTime> last = part.lastExecution(base);
            // cron-utils can answer the second occurrence of a wall-clock time in a DST fall-back
            // hour, which its own next/isMatch never produce: step back to a genuine tick.
            for (int i = 0; i < 4 && last.isPresent() && !isTick(last.get().toInstant()); i++) {
                last = part.lastExecution(last.get());
            }
            if (last.isPresent() && isTick(last.get().toInstant()) && !last.get().toInstant().isAfter(second)
                    && (best == null || last.get().toInstant().isAfter(best))) {
                best = last.get().toInstant();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code instant} is exactly one of this schedule's ticks. */
    public boolean isTick(Instant instant) {
        if (instant.getNano() != 0) {
            return false;
        }
        ZonedDateTime at = instant.atZone(zone);
        if (!seconds && at.getSecond() != 0) {
            return false;
        }
        for (ExecutionTime part : parts) {
            if (part.isMatch(at)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return expression;
    }
}
