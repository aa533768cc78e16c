package dev.jqueue.console.overview;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import dev.jqueue.BackendStats.QueueSummary;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Every queue of a backend with its counts by state. All cells are plain text (queue names
 * come from application code and are never interpreted as HTML).
 */
class QueueGrid extends Grid<QueueSummary> {

    QueueGrid() {
        super(QueueSummary.class, false);
        addClassName("queue-grid");
        addThemeVariants(GridVariant.ROW_STRIPES);
        setEmptyStateText("No queues yet: queues appear here once a job is enqueued.");
        // A backend has tens of queues at most: show them all and let the page scroll.
        setAllRowsVisible(true);
        addColumn(QueueSummary::name).setHeader("Queue").setKey("name").setSortable(true)
                .setComparator(Comparator.comparing(QueueSummary::name)).setAutoWidth(true).setFlexGrow(2).setFrozen(true);
        count("ready", "Ready", QueueSummary::ready);
        count("scheduled", "Scheduled", QueueSummary::scheduled);
        count("claimed", "Claimed", QueueSummary::claimed);
        count("blocked", "Blocked", QueueSummary::blocked);
        count("failed", "Failed", QueueSummary::failed);
        count("finished", "Finished", QueueSummary::finished);
        count("invalid", "Invalid", QueueSummary::invalid);
        addComponentColumn(QueueGrid::pausedBadge).setHeader("Paused").setKey("paused")
                .setComparator(Comparator.comparing(QueueSummary::paused)).setSortable(true).setAutoWidth(true);
        addColumn(QueueGrid::latency).setHeader("Latency").setKey("latency").setTextAlign(ColumnTextAlign.END)
                .setComparator(Comparator.comparing(q -> q.latency().orElse(Duration.ZERO))).setSortable(true).setAutoWidth(true);
    }

    void show(List<QueueSummary> queues) {
        setItems(queues);
    }

    private void count(String key, String header, ToLongFunction<QueueSummary> value) {
        addColumn(q -> value.applyAsLong(q)).setHeader(header).setKey(key).setTextAlign(ColumnTextAlign.END).setAutoWidth(true)
                .setComparator(Comparator.comparingLong(value)).setSortable(true);
    }

    private static Component pausedBadge(QueueSummary queue) {
        if (!queue.paused()) {
            return new Span();
        }
        Badge badge = new Badge("paused");
        badge.addThemeVariants(BadgeVariant.WARNING);
        return badge;
    }

    /** Paused queues have no latency: nothing is being picked up. */
    private static String latency(QueueSummary queue) {
        return queue.latency().map(DurationText::format).orElse("–");
    }
}
