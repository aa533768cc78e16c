package dev.jqueue.console.ops;

import com.vaadin.flow.component.html.Anchor;
import java.util.UUID;

/** Links into the job pages: {@code jobs/{id}?backend=} and {@code jobs?backend=&state=&queue=&task=&key=&recurring=&q=}. */
public final class Links {

    private Links() {
    }

    public static String job(String backend, UUID id) {
        return PageQuery.of("jobs/" + id).set("backend", backend).href();
    }

    /** A job's id as a link to its detail page (plain text, never HTML). */
    public static Anchor jobAnchor(String backend, UUID id) {
        Anchor anchor = new Anchor(job(backend, id), id.toString());
        anchor.addClassName("job-link");
        anchor.getElement().setAttribute("title", "Open job " + id);
        return anchor;
    }

    /** A job list filtered by the given (name, value) pairs, e.g. {@code "state", "blocked", "key", "export:acme"}. */
    public static String jobs(String backend, String... filters) {
        PageQuery query = PageQuery.of("jobs").set("backend", backend);
        for (int i = 0; i + 1 < filters.length; i += 2) {
            query.set(filters[i], filters[i + 1]);
        }
        return query.href();
    }
}
