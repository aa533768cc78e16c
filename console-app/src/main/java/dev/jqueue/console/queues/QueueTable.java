package dev.jqueue.console.queues;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import dev.jqueue.JobState;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.DurationText;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Times;
import dev.jqueue.observability.BackendSnapshot.QueueSnapshot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Every queue of a backend: its name with a "paused" badge when paused, counts by state (each a
 * link to the queue page on that state; the scheduled and blocked counts tell the earliest due and
 * the oldest waiting job in their tooltip), latency, live workers and (for operators) Pause/Resume
 * and Clear-ready. A backend has tens of queues at most, so the
 * table holds them all and sorts in memory. All cells are text: queue names are never HTML.
 */
public class QueueTable extends Grid<QueueSnapshot> {

    private String backend;
    private Instant now = Instant.now();

    /**
     * @param actions where the controls' clicks go; null shows no controls column
     * @param afterAction called after a control ran (to re-read the numbers)
     */
    public QueueTable(ConsoleActions actions, Runnable afterAction) {
        super(QueueSnapshot.class, false);
        addClassName("queue-grid");
        addThemeVariants(GridVariant.ROW_STRIPES, GridVariant.LUMO_COMPACT);
        setEmptyStateText("No queues yet: queues appear here once a job is enqueued.");
        setAllRowsVisible(true);
        addComponentColumn(this::nameCell).setHeader("Queue").setKey("name").setSortable(true)
                .setComparator(Comparator.comparing(QueueSnapshot::name, String.CASE_INSENSITIVE_ORDER))
                .setWidth("9rem").setFlexGrow(1).setFrozen(true);
        count(JobState.READY, QueueSnapshot::readyCount, "5.5rem");
        count(JobState.SCHEDULED, QueueSnapshot::scheduledCount, "7.2rem");
        count(JobState.CLAIMED, QueueSnapshot::claimedCount, "6.2rem");
        count(JobState.BLOCKED, QueueSnapshot::blockedCount, "6.2rem");
        count(JobState.FAILED, QueueSnapshot::failedCount, "5.5rem");
        count(JobState.FINISHED, QueueSnapshot::finishedCount, "6.4rem");
        count(JobState.INVALID, QueueSnapshot::invalidCount, "5.8rem");
        addColumn(q -> q.paused() ? "–" : DurationText.seconds(q.latencySeconds())).setHeader("Latency").setKey("latency")
                .setTextAlign(ColumnTextAlign.END).setSortable(true).setWidth("6rem").setFlexGrow(0)
                .setComparator(Comparator.comparing(q -> q.latencySeconds() == null ? -1 : q.latencySeconds()))
                .setTooltipGenerator(q -> q.paused() ? "paused: nothing is picked up" : "wait of the oldest ready job");
        addColumn(q -> q.liveWorkerCount()).setHeader("Workers").setKey("workers").setTextAlign(ColumnTextAlign.END)
                .setSortable(true).setWidth("6.2rem").setFlexGrow(0)
                .setComparator(Comparator.comparingLong(QueueSnapshot::liveWorkerCount))
                .setTooltipGenerator(q -> q.liveWorkerCount() + " live worker process(es) whose queue selectors match");
        if (actions != null) {
            addComponentColumn(q -> new QueueControls(actions, backend, q.name(), q.paused(), q.readyCount(), true,
                    afterAction)).setHeader("Controls").setKey("controls").setWidth("6rem").setFlexGrow(0);
        }
    }

    /** Shows the queues of {@code backend} as of {@code now}. */
    public void show(String backend, List<QueueSnapshot> queues, Instant now) {
        this.backend = backend;
        this.now = now;
        setItems(queues);
    }

    private void count(JobState state, ToLongFunction<QueueSnapshot> value, String width) {
        String label = state.label();
        addComponentColumn(q -> countLink(q, state, value.applyAsLong(q)))
                .setHeader(Character.toUpperCase(label.charAt(0)) + label.substring(1)).setKey(label)
                .setTextAlign(ColumnTextAlign.END).setWidth(width).setFlexGrow(0)
                .setComparator(Comparator.comparingLong(value)).setSortable(true);
    }

    /** The queue's name (a link to its ready tab) and, when paused, a "paused" badge. */
    private Component nameCell(QueueSnapshot queue) {
        Anchor anchor = new Anchor(Links.queue(backend, queue.name(), JobState.READY), queue.name());
        anchor.addClassName("queue-link");
        if (!queue.paused()) {
            return anchor;
        }
        Badge badge = new Badge("paused");
        badge.addClassName("paused-badge");
        badge.addThemeVariants(BadgeVariant.WARNING, BadgeVariant.SMALL);
        Span cell = new Span(anchor, new Span(" "), badge);
        cell.addClassName("queue-name-cell");
        return cell;
    }

    private Component countLink(QueueSnapshot queue, JobState state, long count) {
        Anchor anchor = new Anchor(Links.queue(backend, queue.name(), state), CountText.of(queue, state, count));
        anchor.addClassName("count-link");
        if (count == 0) {
            anchor.addClassName("zero");
        }
        if (state == JobState.SCHEDULED && queue.oldestScheduledAt() != null) {
            anchor.setTitle("the earliest is due " + Times.relative(queue.oldestScheduledAt(), now)
                    + " (" + Times.format(queue.oldestScheduledAt()) + ")");
        }
        if (state == JobState.FINISHED && queue.finishedAtLeast()) {
            anchor.setTitle("counted up to " + CountText.format(count) + " (counting them all would read every finished job)");
        }
        if (state == JobState.INVALID) {
            anchor.setTitle("from the background invalid-state check (see the page's status line for its age)");
        }
        if (state == JobState.BLOCKED && queue.oldestBlockedAt() != null) {
            anchor.setTitle("the oldest has waited since " + Times.format(queue.oldestBlockedAt()));
        }
        return anchor;
    }
}
