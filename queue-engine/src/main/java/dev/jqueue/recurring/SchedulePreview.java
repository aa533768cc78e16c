package dev.jqueue.recurring;

import java.time.Instant;
import java.util.List;

/**
 * What a schedule means, for editors: its plain-English description, the zone its fields are
 * read in, and its next fire times.
 *
 * @param schedule the expression as given (trimmed)
 * @param description plain English, from cron-utils' {@code CronDescriptor}
 * @param zone the IANA zone id the fields are read in ({@code Z} for UTC)
 * @param nextRuns the next fire times, oldest first
 */
public record SchedulePreview(String schedule, String description, String zone, List<Instant> nextRuns) {

    public SchedulePreview {
        nextRuns = List.copyOf(nextRuns);
    }
}
