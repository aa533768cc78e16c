package dev.jqueue.console.jobs;

import com.vaadin.flow.router.QueryParameters;
import dev.jqueue.JobState;
import dev.jqueue.console.ui.Links;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobSort;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state of a job list as it is kept in the URL: filter, sort and page (1-based). Values that
 * do not parse are dropped and reported in {@link #problems()}, so a mistyped link still opens.
 */
public record JobListParams(JobFilter filter, JobSort sort, int page, List<String> problems) {

    public JobListParams {
        page = Math.max(1, page);
        problems = List.copyOf(problems);
    }

    public static JobListParams of(JobFilter filter) {
        return new JobListParams(filter, null, 1, List.of());
    }

    public static JobListParams parse(QueryParameters query) {
        List<String> problems = new ArrayList<>();
        JobFilter filter = JobFilter.none();
        String state = single(query, Links.STATE);
        if (state != null) {
            try {
                filter = filter.withState(JobState.fromLabel(state));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        filter = filter.withQueue(single(query, Links.QUEUE)).withTaskPath(single(query, Links.TASK))
                .withConcurrencyKey(single(query, Links.CONCURRENCY_KEY)).withUniqueKey(single(query, Links.UNIQUE_KEY)).withRecurringKey(single(query, Links.RECURRING))
                .withArgumentText(single(query, Links.ARGUMENT_TEXT)).withExceptionClass(single(query, Links.EXCEPTION));
        String id = single(query, Links.JOB_ID);
        if (id != null) {
            try {
                filter = filter.withJobId(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                problems.add("'" + id + "' is not a job id");
            }
        }
        Instant from = instant(single(query, Links.FROM), problems);
        Instant to = instant(single(query, Links.TO), problems);
        filter = filter.withCreated(from, to);
        JobSort sort = null;
        String sortText = single(query, Links.SORT);
        if (sortText != null) {
            try {
                sort = JobSort.parse(sortText);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        int page = 1;
        String pageText = single(query, Links.PAGE);
        if (pageText != null) {
            try {
                page = Integer.parseInt(pageText);
            } catch (NumberFormatException e) {
                problems.add("'" + pageText + "' is not a page number");
            }
        }
        return new JobListParams(filter, sort, page, problems);
    }

    /** ISO-8601 instant ("2026-05-01T12:00:00Z") or local date-time in the server's zone. */
    static Instant instant(String text, List<String> problems) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                problems.add("'" + text + "' is not a time (use 2026-05-01T12:00:00Z)");
                return null;
            }
        }
    }

    private static String single(QueryParameters query, String name) {
        return query.getSingleParameter(name).map(String::trim).filter(value -> !value.isEmpty()).orElse(null);
    }

    /** Query parameters for a URL: backend, the filter's fields, sort and page (left out when default). */
    public Map<String, String> toParams(String backend) {
        Map<String, String> params = new LinkedHashMap<>();
        if (backend != null) {
            params.put(Links.BACKEND, backend);
        }
        params.putAll(Links.filterParams(filter));
        if (sort != null) {
            params.put(Links.SORT, sort.toString());
        }
        if (page > 1) {
            params.put(Links.PAGE, String.valueOf(page));
        }
        return params;
    }

    public JobListParams withPage(int newPage) {
        return new JobListParams(filter, sort, newPage, List.of());
    }

    /** A new sort starts again on page 1. */
    public JobListParams withSort(JobSort newSort) {
        return new JobListParams(filter, newSort, 1, List.of());
    }

    /** A new filter starts again on page 1 with the state's default order kept as chosen. */
    public JobListParams withFilter(JobFilter newFilter) {
        return new JobListParams(newFilter, sort, 1, List.of());
    }
}
