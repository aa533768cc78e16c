package dev.jqueue.console.audit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.jqueue.audit.AuditEvent;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.audit.AuditReads.AuditQuery;
import dev.jqueue.console.ui.BackendSelect;
import dev.jqueue.console.ui.PageQuery;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.shell.MainLayout;
import dev.jqueue.console.ui.Permissions;
import dev.jqueue.console.ui.Texts;
import dev.jqueue.console.ui.Times;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The audit log (ADMIN only): every console action with who did it, in which role, when, on
 * which backend and target, how many jobs or rows it affected and whether it succeeded, was
 * refused or failed. Newest first, read lazily a page at a time.
 *
 * <p>URL: {@code audit?backend=&actor=&action=&outcome=&q=&from=&to=} (dates as yyyy-mm-dd).
 */
@Route(value = AuditView.ROUTE, layout = MainLayout.class)
@PageTitle("Audit log · jqueue")
@Menu(title = "Audit log", order = 7, icon = "vaadin:file-text-o")
@RolesAllowed(ConsoleRole.Names.ADMIN)
public class AuditView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "audit";
    private static final String ANY = "any";

    private final AuditReads reads;
    private final BackendSelect backendSelect;
    private final TextField actor = new TextField("Who");
    private final ComboBox<String> action = new ComboBox<>("Action");
    private final Select<String> outcome = new Select<>();
    private final TextField text = new TextField("Target or detail");
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To (inclusive)");
    private final Grid<AuditEvent> grid = new Grid<>();

    private String alias;

    public AuditView(Backends backends, AuditReads reads) {
        this.reads = reads;
        addClassName("audit-view");
        setWidthFull();

        backendSelect = new BackendSelect(backends, picked -> {
            alias = picked;
            query().navigate();
        });
        HorizontalLayout header = new HorizontalLayout(new H2("Audit log"), backendSelect);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        Span caption = new Span("Every console action: allowed or refused, who, when and what it touched.");
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)");

        actor.setPlaceholder("user name");
        for (var field : java.util.List.of(actor, text)) {
            field.setWidth("10rem");
        }
        action.setWidth("12rem");
        outcome.setWidth("8rem");
        from.setWidth("9.5rem");
        to.setWidth("9.5rem");
        actor.setClearButtonVisible(true);
        actor.setValueChangeMode(ValueChangeMode.LAZY);
        text.setPlaceholder("job id, queue, key…");
        text.setClearButtonVisible(true);
        text.setValueChangeMode(ValueChangeMode.LAZY);
        action.setItems(AuditReads.ACTIONS);
        action.setAllowCustomValue(true);
        action.addCustomValueSetListener(custom -> action.setValue(custom.getDetail()));
        action.setClearButtonVisible(true);
        outcome.setLabel("Result");
        outcome.setItems(ANY, AuditEvent.SUCCESS, AuditEvent.REFUSED, AuditEvent.ERROR);
        outcome.setValue(ANY);
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        actor.addValueChangeListener(change -> fromClient(change.isFromClient()));
        text.addValueChangeListener(change -> fromClient(change.isFromClient()));
        action.addValueChangeListener(change -> fromClient(change.isFromClient()));
        outcome.addValueChangeListener(change -> fromClient(change.isFromClient()));
        from.addValueChangeListener(change -> fromClient(change.isFromClient()));
        to.addValueChangeListener(change -> fromClient(change.isFromClient()));
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> grid.getDataProvider().refreshAll());
        refresh.addThemeVariants(ButtonVariant.TERTIARY);
        HorizontalLayout filters = new HorizontalLayout(actor, action, outcome, text, from, to, refresh);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.addClassName("audit-filters");
        filters.getStyle().set("flex-wrap", "wrap");

        grid.addClassName("audit-grid");
        grid.addThemeVariants(GridVariant.ROW_STRIPES, GridVariant.WRAP_CELL_CONTENT);
        grid.setEmptyStateText("No audited actions match.");
        grid.setHeight("34rem");
        grid.addColumn(e -> Times.format(e.occurredAt())).setHeader("When").setKey("when").setWidth("11.5rem").setFlexGrow(0);
        grid.addColumn(AuditView::who).setHeader("Who").setKey("who").setWidth("10.5rem").setFlexGrow(0);
        grid.addColumn(AuditEvent::backend).setHeader("Backend").setKey("backend").setWidth("6.5rem").setFlexGrow(0)
                .setVisible(backends.aliases().size() > 1);
        grid.addColumn(AuditEvent::action).setHeader("Action").setKey("action").setWidth("11rem").setFlexGrow(0);
        grid.addColumn(AuditView::target).setHeader("Target").setKey("target").setTooltipGenerator(AuditEvent::target)
                .setFlexGrow(2);
        grid.addColumn(AuditEvent::affected).setHeader("Affected").setKey("affected").setTextAlign(ColumnTextAlign.END)
                .setWidth("6rem").setFlexGrow(0);
        grid.addComponentColumn(AuditView::outcomeBadge).setHeader("Result").setKey("result").setWidth("7rem")
                .setFlexGrow(0);
        grid.addColumn(e -> Texts.shorten(e.detail(), 120)).setHeader("Detail").setKey("detail")
                .setTooltipGenerator(AuditEvent::detail).setFlexGrow(1);
        // Lazy without a count: the log only grows, and it is read newest first a page at a time.
        grid.setItems(query -> reads.search(alias, auditQuery(), query.getOffset(), query.getLimit()).stream());

        add(header, caption, filters, grid);
    }

    private static String who(AuditEvent event) {
        if (event.role() == null) {
            return event.actor();
        }
        return event.actor() + " (" + event.role().charAt(0) + event.role().substring(1).toLowerCase() + ")";
    }

    private static String target(AuditEvent event) {
        String target = event.target() == null ? "" : event.target();
        if ("filter".equals(event.targetType())) {
            // JobFilter[state=FAILED, queue=null, taskPath=x, ...] → state=FAILED, taskPath=x
            target = target.replaceFirst("^\\w+\\[", "").replaceFirst("]$", "")
                    .replaceAll("\\w+=null(, )?", "").replaceAll(", $", "");
        }
        if ("job".equals(event.targetType()) && target.contains(",")) {
            int n = target.split(",").length;
            return "job: " + n + " ids (" + Texts.shorten(target, 60) + ")";
        }
        return (event.targetType() == null ? "" : event.targetType() + ": ") + Texts.shorten(target, 120);
    }

    private static Component outcomeBadge(AuditEvent event) {
        Badge badge = new Badge(event.outcome());
        badge.addThemeVariants(switch (String.valueOf(event.outcome())) {
            case AuditEvent.SUCCESS -> BadgeVariant.SUCCESS;
            case AuditEvent.REFUSED -> BadgeVariant.WARNING;
            default -> BadgeVariant.ERROR;
        });
        return badge;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // @RolesAllowed already keeps lower roles out; this is the second, explicit check.
        if (!Permissions.has(ConsoleRole.ADMIN)) {
            event.rerouteToError(AccessDeniedException.class);
            return;
        }
        PageQuery query = PageQuery.of(ROUTE, event);
        alias = backendSelect.resolve(query.get("backend"));
        actor.setValue(Objects.toString(query.get("actor"), ""));
        action.setValue(query.get("action"));
        String requestedOutcome = query.get("outcome");
        outcome.setValue(requestedOutcome != null && outcomeKnown(requestedOutcome) ? requestedOutcome : ANY);
        text.setValue(Objects.toString(query.get("q"), ""));
        from.setValue(date(query.get("from")));
        to.setValue(date(query.get("to")));
        grid.getDataProvider().refreshAll();
    }

    private static boolean outcomeKnown(String value) {
        return value.equals(AuditEvent.SUCCESS) || value.equals(AuditEvent.REFUSED) || value.equals(AuditEvent.ERROR);
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void fromClient(boolean fromClient) {
        if (fromClient) {
            changed();
        }
    }

    private PageQuery query() {
        return PageQuery.of(ROUTE).set("backend", alias).set("actor", actor.getValue()).set("action", action.getValue())
                .set("outcome", ANY.equals(outcome.getValue()) ? null : outcome.getValue()).set("q", text.getValue())
                .set("from", from.getValue() == null ? null : from.getValue().toString())
                .set("to", to.getValue() == null ? null : to.getValue().toString());
    }

    private void changed() {
        query().replaceUrl();
        grid.getDataProvider().refreshAll();
    }

    private AuditQuery auditQuery() {
        ZoneId zone = ZoneId.systemDefault();
        return new AuditQuery(blankToNull(actor.getValue()), blankToNull(action.getValue()),
                ANY.equals(outcome.getValue()) ? null : outcome.getValue(), blankToNull(text.getValue()),
                from.getValue() == null ? null : from.getValue().atStartOfDay(zone).toInstant(),
                to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay(zone).toInstant());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
