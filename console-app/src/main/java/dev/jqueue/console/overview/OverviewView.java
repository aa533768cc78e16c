package dev.jqueue.console.overview;

import dev.jqueue.observability.QueueDepthHistory;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.jqueue.JobState;
import dev.jqueue.console.actions.ConsoleActions;
import dev.jqueue.console.queues.QueueTable;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.LiveRefresh;
import dev.jqueue.console.ui.BackendScope;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.ChartPanel;
import dev.jqueue.console.ui.CountText;
import dev.jqueue.console.ui.DurationText;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.SvgChart;
import dev.jqueue.console.ui.Times;
import dev.jqueue.observability.BackendSnapshot;
import dev.jqueue.observability.BackendSnapshot.LiveStale;
import dev.jqueue.observability.BackendSnapshot.QueueSnapshot;
import dev.jqueue.reads.JobFilter;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The landing page: facts about the selected backend, its headline numbers, charts of the last
 * hour and every queue with its counts and controls, refreshed every few seconds. The backend
 * is part of the URL ({@code ?backend=alias}) so a view can be shared as a link.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview · jqueue")
@Menu(title = "Overview", order = 0, icon = "vaadin:dashboard")
@RolesAllowed(ConsoleRole.Names.VIEWER)
public class OverviewView extends VerticalLayout implements BeforeEnterObserver {

    static final int REFRESH_MILLIS = 3000;
    /** Charts are redrawn every this many refreshes (30 s); their data changes per minute. */
    static final int CHART_EVERY = 10;
    /** Drawn about this size (half the page at 1440 px), so the SVG text keeps its size. */
    private static final int CHART_WIDTH = 540;
    private static final int CHART_HEIGHT = 190;
    private static final Logger log = LoggerFactory.getLogger(OverviewView.class);

    private final BackendDirectory directory;
    private final ThroughputQuery throughput;
    private final DepthSampler sampler;
    private final BackendSelect backendSelect;
    private final DescriptionList facts = new DescriptionList();
    private final Span status = new Span();
    private final SummaryCard queuesCard = new SummaryCard("Queues", "card-queues");
    private final SummaryCard backlogCard = new SummaryCard("Backlog", "card-backlog");
    private final SummaryCard attentionCard = new SummaryCard("Attention", "card-attention");
    private final SummaryCard runtimeCard = new SummaryCard("Processes", "card-runtime");
    private final SummaryCard controlCard = new SummaryCard("Control plane", "card-control");
    private final ChartPanel throughputChart = new ChartPanel("Jobs per minute, last hour", "throughput-chart");
    private final ChartPanel depthChart = new ChartPanel("Queue depth, last hour", "depth-chart");
    private final QueueTable queues;
    private String alias;
    private int refreshes;
    private final LiveRefresh live;
    private Registration pollRegistration;

    public OverviewView(BackendDirectory directory, ThroughputQuery throughput, DepthSampler sampler,
                        ConsoleActions actions, LiveRefresh live) {
        this.live = live;
        this.directory = directory;
        this.throughput = throughput;
        this.sampler = sampler;
        this.alias = directory.primaryAlias();
        this.queues = new QueueTable(Permissions.canOperate() ? actions : null, () -> refresh(false));
        addClassName("overview-view");
        setWidthFull();

        backendSelect = new BackendSelect(directory.aliases(), Links::overview);
        status.addClassName("refresh-status");
        H2 title = new H2("Overview");
        HorizontalLayout header = new HorizontalLayout(title, backendSelect, status);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.addClassName("page-header");
        header.setWidthFull();
        Paragraph scope = new Paragraph("Jobs, processes, pauses and recurring tasks are scoped to the selected "
                + "backend. Semaphores are shared by every backend on that backend's database.");
        scope.addClassName("page-caption");

        facts.addClassName("backend-facts");

        Div cards = new Div(queuesCard, backlogCard, attentionCard, runtimeCard, controlCard);
        cards.addClassName("summary-cards");

        Div charts = new Div(throughputChart, depthChart);
        charts.addClassName("chart-row");

        queues.setId("queue-summary");
        add(header, scope, facts, cards, charts, queues);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        BackendScope.resolve(event, directory.backends()).ifPresent(resolved -> {
            alias = resolved;
            backendSelect.show(alias);
            refreshes = 0;
            refresh(true);
        });
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // pushed by the console's one shared timer: no browser polling (LiveRefresh)
        pollRegistration = live.subscribe(event.getUI(), java.time.Duration.ofMillis(REFRESH_MILLIS), () -> refresh(++refreshes % CHART_EVERY == 0));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollRegistration != null) {
            pollRegistration.remove();
            pollRegistration = null;
        }
    }

    private void refresh(boolean charts) {
        BackendFacts backend = directory.facts(alias);
        BackendSnapshot snapshot;
        try {
            snapshot = directory.snapshot(alias);
        } catch (RuntimeException e) {
            // A busy or unreachable database must not break the page; the next poll tries again.
            log.warn("Could not read the state of backend '{}'", alias, e);
            status.setText("Could not read queue state: " + e.getMessage());
            return;
        }
        showFacts(backend, snapshot);
        showCards(snapshot);
        queues.show(alias, snapshot.queues(), snapshot.takenAt());
        if (charts) {
            showCharts();
        }
        status.setText("Updated " + Times.clock(snapshot.takenAt()) + " · refreshes every " + REFRESH_MILLIS / 1000 + " s · "
                + CountText.invalidCheck(snapshot.invalidCheckedAt(), snapshot.takenAt()));
    }

    private void showFacts(BackendFacts backend, BackendSnapshot snapshot) {
        facts.removeAll();
        fact("Backend", backend.alias());
        fact("Mode", backend.mode());
        fact("Database", backend.database() + " (" + backend.databaseFamily() + ", DataSource " + backend.dataSource() + ")");
        fact("Workers", backend.embeddedWorkers() ? "embedded in this console" : "observed only (run by other processes)");
        LiveStale schedulers = snapshot.runnerMetrics().byKind().get("Scheduler");
        long liveSchedulers = schedulers == null ? 0 : schedulers.live();
        String scheduler = !backend.schedulerConfigured() ? "off"
                : backend.schedulerHere() ? "on, runs in this console" : "on, runs with the workers";
        fact("Scheduler", scheduler + " · " + liveSchedulers + " live"
                + (backend.dynamicTasks() ? " · dynamic tasks on" : ""));
        fact("Notify", backend.listenNotify());
        fact("Skip locked", backend.skipLocked());
        fact("Heartbeat", "every " + DurationText.format(backend.heartbeatInterval()) + ", stale after "
                + DurationText.format(backend.aliveThreshold()));
        fact("Retention", backend.retention());
    }

    private void fact(String term, String value) {
        Div pair = new Div(new DescriptionList.Term(term), new DescriptionList.Description(value));
        pair.addClassName("fact");
        facts.add(pair);
    }

    private void showCards(BackendSnapshot snapshot) {
        OverviewSummary summary = OverviewSummary.of(snapshot.queues());
        queuesCard.show(CountText.format(summary.queues()), CountText.format(summary.paused()) + " paused");
        backlogCard.show(CountText.format(summary.backlog()),
                CountText.format(summary.ready()) + " ready · " + CountText.format(summary.scheduled()) + " scheduled");
        attentionCard.show(CountText.format(summary.attention()), attentionLink(summary.failed(), JobState.FAILED),
                separator(), attentionLink(summary.blocked(), JobState.BLOCKED), separator(),
                attentionLink(summary.invalid(), JobState.INVALID));
        attentionCard.getElement().getClassList().set("needs-attention", summary.attention() > 0);
        var runners = snapshot.runnerMetrics();
        runtimeCard.show(CountText.format(runners.live()),
                CountText.format(runners.live()) + " live · " + CountText.format(runners.stale()) + " stale");
        runtimeCard.getElement().getClassList().set("needs-attention", runners.stale() > 0);
        int recurring = snapshot.recurring().size();
        int semaphores = snapshot.semaphores().size();
        controlCard.show(CountText.format(recurring + semaphores),
                CountText.format(recurring) + " recurring · " + CountText.format(semaphores) + " semaphores");
    }

    private Component attentionLink(long count, JobState state) {
        Anchor link = new Anchor(Links.jobs(alias, JobFilter.state(state)), CountText.format(count) + " " + state.label());
        link.addClassName("attention-" + state.label());
        link.getElement().getClassList().set("nonzero", count > 0);
        return link;
    }

    private static Component separator() {
        return new Span(" · ");
    }

    private void showCharts() {
        try {
            Throughput last = throughput.lastHour(alias);
            String svg = SvgChart.over(last.from(), last.to()).size(CHART_WIDTH, CHART_HEIGHT).title("Jobs finished and failed per minute")
                    .bars(new SvgChart.Series("finished", "finished", "#2e9d5b", last.finished()))
                    .bars(new SvgChart.Series("failed", "failed", "#d93c3c", last.failed()))
                    .emptyText("No job finished or failed in the last hour").render();
            throughputChart.show(svg);
            throughputChart.caption(CountText.format(last.totalFinished()) + " finished and "
                    + CountText.format(last.totalFailed()) + " failed in the last hour. Finished counts kept finished "
                    + "jobs; failed counts failures not yet retried or discarded.");
        } catch (RuntimeException e) {
            log.warn("Could not read the throughput of backend '{}'", alias, e);
            throughputChart.caption("Could not read throughput: " + e.getMessage());
        }
        showDepth();
    }

    private void showDepth() {
        List<QueueDepthHistory.Sample> samples = sampler.samples(alias);
        Instant to = Instant.now();
        Instant from = to.minus(DepthSampler.WINDOW);
        SvgChart chart = SvgChart.over(from, to).size(CHART_WIDTH, CHART_HEIGHT).title("Ready and scheduled jobs over time")
                .emptyText("No sample yet (one every " + DurationText.format(sampler.interval()) + ")");
        chart.line(new SvgChart.Series("depth-total", "all queues", "#1a73e8",
                samples.stream().map(s -> new SvgChart.Point(s.at(), s.total())).toList()));
        // The three deepest queues of the latest sample get their own line.
        if (!samples.isEmpty()) {
            Map<String, Long> latest = samples.getLast().depthByQueue();
            List<String> deepest = latest.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3).map(Map.Entry::getKey).toList();
            String[] colors = {"#e37400", "#9334e6", "#12a4af"};
            if (latest.size() > 1) {
                for (int i = 0; i < deepest.size(); i++) {
                    String queue = deepest.get(i);
                    List<SvgChart.Point> points = new ArrayList<>();
                    for (QueueDepthHistory.Sample s : samples) {
                        points.add(new SvgChart.Point(s.at(), s.depthByQueue().getOrDefault(queue, 0L)));
                    }
                    chart.line(new SvgChart.Series("depth-" + (i + 1), queue, colors[i], points));
                }
            }
        }
        depthChart.show(chart.render());
        depthChart.caption("Ready + scheduled jobs, sampled every " + DurationText.format(sampler.interval())
                + " by this console since it started at " + Times.clock(sampler.startedAt())
                + " (kept in memory for an hour; a restart starts over).");
    }
}
