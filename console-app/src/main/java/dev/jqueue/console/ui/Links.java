package dev.jqueue.console.ui;

import dev.jqueue.JobState;
import dev.jqueue.reads.JobFilter;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.router.QueryParameters;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Relative URLs of the job and queue pages, with every bit of page state in the query string,
 * so a link opens exactly that view. Job filters use these parameter names: {@code state},
 * {@code queue}, {@code task}, {@code key} (concurrency key), {@code recurring}, {@code id},
 * {@code q} (argument text), {@code error} (exception class), {@code from} and {@code to}
 * (ISO-8601 instants), plus {@code sort} and {@code page}.
 */
public final class Links {

    public static final String BACKEND = "backend";
    public static final String STATE = "state";
    public static final String QUEUE = "queue";
    public static final String TASK = "task";
    public static final String CONCURRENCY_KEY = "key";
    public static final String UNIQUE_KEY = "unique";
    public static final String RECURRING = "recurring";
    public static final String JOB_ID = "id";
    public static final String ARGUMENT_TEXT = "q";
    public static final String EXCEPTION = "error";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String SORT = "sort";
    public static final String PAGE = "page";

    private Links() {
    }

    /** {@code ?backend=alias} (or nothing without a backend). */
    public static String overview(String backend) {
        return "./" + query(backendOnly(backend));
    }

    /** The PostgreSQL health page of a backend. */
    public static String postgresHealth(String backend) {
        return "postgres" + query(backendOnly(backend));
    }

    /** The list of queues. */
    public static String queues(String backend) {
        return "queues" + query(backendOnly(backend));
    }

    /** The queue page on a state tab ({@code queues/mail?backend=default&state=failed}). */
    public static String queue(String backend, String queue, JobState state) {
        Map<String, String> params = backendOnly(backend);
        if (state != null) {
            params.put(STATE, state.label());
        }
        return "queues/" + segment(queue) + query(params);
    }

    /** The job list filtered by {@code filter}. */
    public static String jobs(String backend, JobFilter filter) {
        Map<String, String> params = backendOnly(backend);
        params.putAll(filterParams(filter));
        return "jobs" + query(params);
    }

    /** The job list filtered by (name, value) pairs, e.g. {@code "state", "blocked", "key", "export:acme"}. */
    public static String jobs(String backend, String... filters) {
        Map<String, String> params = backendOnly(backend);
        for (int i = 0; i + 1 < filters.length; i += 2) {
            put(params, filters[i], filters[i + 1] == null ? null : filters[i + 1].trim());
        }
        return "jobs" + query(params);
    }

    /** A job's id as a link to its page (plain text, never HTML). */
    public static Anchor jobAnchor(String backend, UUID id) {
        Anchor anchor = new Anchor(job(backend, id), id.toString());
        anchor.addClassName("job-link");
        anchor.getElement().setAttribute("title", "Open job " + id);
        return anchor;
    }

    /** One job's page. */
    public static String job(String backend, UUID id) {
        return "jobs/" + id + query(backendOnly(backend));
    }

    /** A filter as query parameters (only the fields that are set). */
    public static Map<String, String> filterParams(JobFilter filter) {
        Map<String, String> params = new LinkedHashMap<>();
        if (filter == null) {
            return params;
        }
        put(params, STATE, filter.state() == null ? null : filter.state().label());
        put(params, QUEUE, filter.queue());
        put(params, TASK, filter.taskPath());
        put(params, CONCURRENCY_KEY, filter.concurrencyKey());
        put(params, UNIQUE_KEY, filter.uniqueKey());
        put(params, RECURRING, filter.recurringKey());
        put(params, JOB_ID, filter.jobId() == null ? null : filter.jobId().toString());
        put(params, ARGUMENT_TEXT, filter.argumentText());
        put(params, EXCEPTION, filter.exceptionClass());
        put(params, FROM, filter.createdFrom() == null ? null : filter.createdFrom().toString());
        put(params, TO, filter.createdTo() == null ? null : filter.createdTo().toString());
        return params;
    }

    private static Map<String, String> backendOnly(String backend) {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, BACKEND, backend);
        return params;
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null && !value.isBlank()) {
            params.put(name, value);
        }
    }

    /** "?a=1&b=2" (encoded), or "" when there is nothing. */
    public static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        return query.toString();
    }

    /**
     * Navigates this UI to a relative URL made here ({@code "queues/mail?backend=default&state=failed"}):
     * Vaadin's {@code navigate(String)} takes a path only, so the query is handed over separately.
     */
    public static void navigate(String url) {
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        if (path.startsWith("./")) {
            path = path.substring(2);
        }
        QueryParameters query = question < 0 ? QueryParameters.empty() : QueryParameters.fromString(url.substring(question + 1));
        UI.getCurrentOrThrow().navigate(path, query);
    }

    /** One URL path segment, percent-encoded (spaces as %20, slashes encoded). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
