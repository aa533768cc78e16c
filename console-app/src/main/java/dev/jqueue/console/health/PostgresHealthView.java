package dev.jqueue.console.health;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.BackendScope;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.Links;
import dev.jqueue.console.ui.Times;
import dev.jqueue.observability.PostgresDiagnostics;
import dev.jqueue.observability.postgres.HealthFinding;
import dev.jqueue.observability.postgres.PostgresHealth;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.util.Locale;

/**
 * PostgreSQL health of a backend's database, for the people who act on it (OPERATOR, ADMIN):
 * the findings worst first, each with what to do, then the evidence (queue tables with their dead
 * tuples and vacuums, sessions holding back vacuum, replication slots, prepared transactions) and
 * the reviewable autovacuum settings. Read when the page opens and on Refresh; never on a timer,
 * since the catalog reads are not free.
 *
 * <p>URL: {@code postgres?backend=}.
 */
@Route(value = PostgresHealthView.ROUTE, layout = MainLayout.class)
@PageTitle("PostgreSQL health · jqueue")
@Menu(title = "PostgreSQL health", order = 9, icon = "vaadin:heart")
@RolesAllowed({ConsoleRole.Names.OPERATOR, ConsoleRole.Names.ADMIN})
public class PostgresHealthView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "postgres";
    /** A transaction open longer than this counts as long, as for {@code jqueue:health --deep}. */
    static final Duration LONG_TRANSACTION = PostgresDiagnostics.LONG_TRANSACTION;

    private final Backends backends;
    private final BackendSelect backendSelect;
    private final Span caption = new Span();
    private final Div body = new Div();
    private String alias;

    public PostgresHealthView(Backends backends) {
        this.backends = backends;
        addClassName("postgres-health-view");
        setWidthFull();
        backendSelect = new BackendSelect(backends, picked -> {
            alias = picked;
            getUI().ifPresent(ui -> ui.navigate(Links.postgresHealth(picked)));
        });
        HorizontalLayout header = new HorizontalLayout(new H2("PostgreSQL health"), backendSelect);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        caption.addClassName("postgres-health-caption");
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> render());
        refresh.addClassName("postgres-health-refresh");
        refresh.addThemeVariants(ButtonVariant.TERTIARY);
        body.setWidthFull();
        add(header, caption, refresh, body);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        BackendScope.resolve(event, backends).ifPresent(resolved -> {
            alias = resolved;
            backendSelect.show(alias);
            render();
        });
    }

    private void render() {
        body.removeAll();
        Backend backend = backends.get(alias);
        String family = backend.context().dialect.name();
        if (!family.equals("postgresql")) {
            caption.setText("Backend '" + alias + "' is on " + family + "; these checks read PostgreSQL's statistics "
                    + "views and apply to PostgreSQL backends only.");
            return;
        }
        PostgresHealth health = PostgresHealth.read(backend, LONG_TRANSACTION);
        PostgresDiagnostics diagnostics = health.diagnostics();
        caption.setText("Database " + backend.context().db.name() + ", read "
                + (diagnostics.capturedAt() == null ? "now" : Times.format(diagnostics.capturedAt()))
                + ". Transactions count as long after " + LONG_TRANSACTION.toMinutes() + " min.");
        body.add(findings(health));
        body.add(new H3("Queue tables"), tables(health));
        body.add(new H3("Sessions holding back vacuum or open for long"), sessions(diagnostics));
        body.add(new H3("Replication slots"), slots(diagnostics));
        body.add(new H3("Prepared transactions"), prepared(diagnostics));
        body.add(new H3("Autovacuum settings"), advice(health));
    }

    private static Component findings(PostgresHealth health) {
        VerticalLayout list = new VerticalLayout();
        list.addClassName("health-findings");
        list.setPadding(false);
        for (HealthFinding finding : health.findings()) {
            Badge severity = new Badge(finding.severity().name().toLowerCase(Locale.ROOT));
            severity.addThemeVariants(switch (finding.severity()) {
                case CRITICAL -> BadgeVariant.ERROR;
                case WARNING -> BadgeVariant.WARNING;
                case OK -> BadgeVariant.SUCCESS;
            });
            Span subject = new Span(finding.subject());
            subject.getStyle().set("font-weight", "600");
            HorizontalLayout title = new HorizontalLayout(severity, subject);
            title.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
            Span summary = new Span(finding.summary());
            Span advice = new Span("What to do: " + finding.advice());
            advice.addClassName("finding-advice");
            advice.getStyle().set("color", "var(--lumo-secondary-text-color)");
            VerticalLayout card = new VerticalLayout(title, summary, advice);
            card.addClassNames("health-finding", "finding-" + finding.severity().name().toLowerCase(Locale.ROOT));
            card.setSpacing(false);
            card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-m)");
            list.add(card);
        }
        return list;
    }

    private static Component tables(PostgresHealth health) {
        Grid<PostgresDiagnostics.QueueTable> grid = grid("health-tables");
        grid.addColumn(PostgresDiagnostics.QueueTable::table).setHeader("Table").setAutoWidth(true);
        grid.addColumn(t -> String.format(Locale.ROOT, "%,d", t.liveTuples())).setHeader("Live tuples")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(t -> String.format(Locale.ROOT, "%,d", t.deadTuples())).setHeader("Dead tuples")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(t -> String.format(Locale.ROOT, "%.0f %%", t.deadRatio() * 100)).setHeader("Dead")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(t -> t.lastVacuum() == null ? "never" : Times.format(t.lastVacuum())).setHeader("Last vacuum")
                .setAutoWidth(true);
        grid.addColumn(t -> t.lastAutovacuum() == null ? "never" : Times.format(t.lastAutovacuum()))
                .setHeader("Last autovacuum").setAutoWidth(true);
        grid.addColumn(t -> Boolean.TRUE.equals(health.tunedTables().get(t.table())) ? "jqueue's"
                : health.tunedTables().containsKey(t.table()) ? "server default" : "—").setHeader("Autovacuum settings")
                .setAutoWidth(true);
        grid.setItems(health.diagnostics().queueTables());
        return grid;
    }

    private static Component sessions(PostgresDiagnostics diagnostics) {
        Grid<PostgresDiagnostics.Session> grid = grid("health-sessions");
        grid.addColumn(PostgresDiagnostics.Session::pid).setHeader("pid").setAutoWidth(true);
        grid.addColumn(s -> s.applicationName() == null || s.applicationName().isBlank() ? s.user()
                : s.applicationName() + " (" + s.user() + ")").setHeader("Who").setAutoWidth(true);
        grid.addColumn(PostgresDiagnostics.Session::state).setHeader("State").setAutoWidth(true);
        grid.addColumn(s -> s.ageSeconds() == null ? "—" : PostgresHealth.duration(s.ageSeconds()))
                .setHeader("Transaction open").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> s.xminAge() == null ? "—" : String.format(Locale.ROOT, "%,d", s.xminAge()))
                .setHeader("xmin age").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> s.pinsXmin() ? "yes" : "no").setHeader("Pins xmin").setAutoWidth(true);
        grid.setEmptyStateText("No session holds a snapshot or has a transaction open for long.");
        grid.setItems(diagnostics.xminActivity());
        return grid;
    }

    private static Component slots(PostgresDiagnostics diagnostics) {
        Grid<PostgresDiagnostics.ReplicationSlot> grid = grid("health-slots");
        grid.addColumn(PostgresDiagnostics.ReplicationSlot::name).setHeader("Slot").setAutoWidth(true);
        grid.addColumn(PostgresDiagnostics.ReplicationSlot::type).setHeader("Type").setAutoWidth(true);
        grid.addColumn(s -> s.active() ? "active" : "inactive").setHeader("State").setAutoWidth(true);
        grid.addColumn(s -> s.xminAge() == null ? "—" : String.format(Locale.ROOT, "%,d", s.xminAge())).setHeader("xmin age")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> s.catalogXminAge() == null ? "—" : String.format(Locale.ROOT, "%,d", s.catalogXminAge()))
                .setHeader("catalog xmin age").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.setEmptyStateText("No replication slots.");
        grid.setItems(diagnostics.replicationSlots());
        return grid;
    }

    private static Component prepared(PostgresDiagnostics diagnostics) {
        Grid<PostgresDiagnostics.PreparedTransaction> grid = grid("health-prepared");
        grid.addColumn(PostgresDiagnostics.PreparedTransaction::gid).setHeader("gid").setAutoWidth(true);
        grid.addColumn(PostgresDiagnostics.PreparedTransaction::owner).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(p -> PostgresHealth.duration(p.ageSeconds())).setHeader("Waiting").setAutoWidth(true);
        grid.setEmptyStateText("No prepared transactions.");
        grid.setItems(diagnostics.preparedTransactions());
        return grid;
    }

    private static Component advice(PostgresHealth health) {
        Span why = new Span("Queue tables churn far faster than PostgreSQL's defaults assume (vacuum at 20 % dead rows). "
                + "These statements make autovacuum act at 1 %; review them and run them with psql. jqueue applies nothing.");
        why.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Pre statements = new Pre(String.join("\n", health.advice()));
        statements.addClassName("autovacuum-advice");
        statements.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)");
        return new Div(why, statements);
    }

    private static <T> Grid<T> grid(String className) {
        Grid<T> grid = new Grid<>();
        grid.addClassName(className);
        grid.addThemeVariants(GridVariant.ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        return grid;
    }
}
