package dev.jqueue.observability;

import dev.jqueue.backend.Backend;
import dev.jqueue.config.BackendProperties;
import dev.jqueue.config.RuntimeMode;
import dev.jqueue.config.WorkerProperties;
import dev.jqueue.runtime.Topology;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection budget check at supervisor start (dj_queue's {@code connection_budget.warning}):
 * on PostgreSQL, the connections this supervisor may hold are estimated as
 * {@code workers × (2 + LISTEN) + dispatchers + scheduler + 1}: the pool sizing rule of
 * docs/operations.md (a worker claims on its poll thread while its completer records outcomes,
 * one connection each, and with {@code listen-notify} holds a third for LISTEN; the 1 is the
 * supervisor's heartbeat and housekeeping). When that reaches 75 % of what the server allows
 * ordinary roles ({@code max_connections − superuser_reserved_connections}, read with
 * {@code SHOW}), a WARN event {@code connection_budget.warning} is logged. It never stops the start.
 */
public final class ConnectionBudget {

    private static final Logger log = LoggerFactory.getLogger("dev.jqueue.events");

    /** dj_queue's threshold: warn at 75 % of the usable connections. */
    public static final double THRESHOLD = 0.75;

    /**
     * The estimate against the server's settings.
     *
     * @param workers worker runners (in fork mode, worker processes)
     * @param listen 1 when each worker holds a LISTEN connection, else 0
     * @param dispatchers dispatcher runners
     * @param scheduler 1 when a scheduler runs, else 0
     * @param estimated {@code workers × (2 + listen) + dispatchers + scheduler + 1}
     * @param maxConnections PostgreSQL's {@code max_connections}
     * @param superuserReserved PostgreSQL's {@code superuser_reserved_connections}
     */
    public record Estimate(String backend, int workers, int listen, int dispatchers, int scheduler, int estimated,
                           int maxConnections, int superuserReserved) {

        /** {@code max_connections − superuser_reserved_connections}. */
        public int usable() {
            return maxConnections - superuserReserved;
        }

        /** True when the estimate reaches 75 % of the usable connections. */
        public boolean warning() {
            return estimated >= THRESHOLD * usable();
        }
    }

    private ConnectionBudget() {
    }

    /**
     * The connections a supervisor with this topology may hold:
     * {@code workers × (2 + listen) + dispatchers + scheduler + 1}, where {@code listen} is 1 with
     * {@code listen-notify} on PostgreSQL. {@code onlyWork}/{@code onlyDispatch} leave out what does
     * not run; pass the properties the runtime uses (after {@code --skip-recurring}).
     */
    public static Estimate estimate(String backend, BackendProperties properties, boolean onlyWork,
                                    boolean onlyDispatch, boolean postgres, int maxConnections, int superuserReserved) {
        int workers = 0;
        if (!onlyDispatch) {
            for (WorkerProperties worker : properties.workers()) {
                workers += properties.mode() == RuntimeMode.FORK ? worker.processes() : 1;
            }
        }
        int listen = postgres && properties.listenNotify() ? 1 : 0;
        int dispatchers = onlyWork ? 0 : properties.dispatchers().size();
        int scheduler = !onlyWork && !onlyDispatch && Topology.hasRecurringWork(properties) ? 1 : 0;
        int estimated = workers * (2 + listen) + dispatchers + scheduler + 1;
        return new Estimate(backend, workers, listen, dispatchers, scheduler, estimated, maxConnections, superuserReserved);
    }

    /**
     * On PostgreSQL: reads the server's limits, estimates this supervisor's connections, and
     * logs {@code connection_budget.warning} when they reach 75 % of the usable ones. Empty on
     * other databases, or when the settings cannot be read (logged at DEBUG).
     */
    public static Optional<Estimate> check(Backend backend, BackendProperties properties, boolean onlyWork,
                                           boolean onlyDispatch) {
        if (!backend.context().dialect.name().equals("postgresql")) {
            return Optional.empty();
        }
        int[] limits;
        try {
            limits = backend.context().db.read(ConnectionBudget::limits);
        } catch (RuntimeException e) {
            log.debug("jqueue connection budget of backend '{}' not checked: {}", backend.backend(), e.toString());
            return Optional.empty();
        }
        Estimate estimate = estimate(backend.backend(), properties, onlyWork, onlyDispatch, true, limits[0], limits[1]);
        if (estimate.warning()) {
            log.atWarn().addKeyValue("event", "connection_budget.warning").addKeyValue("backend", estimate.backend())
                    .addKeyValue("estimated_connections", estimate.estimated())
                    .addKeyValue("usable_connections", estimate.usable())
                    .addKeyValue("max_connections", estimate.maxConnections())
                    .addKeyValue("superuser_reserved_connections", estimate.superuserReserved())
                    .addKeyValue("workers", estimate.workers()).addKeyValue("listen", estimate.listen() == 1)
                    .addKeyValue("dispatchers", estimate.dispatchers()).addKeyValue("scheduler", estimate.scheduler())
                    .log("connection_budget.warning: jqueue backend '{}' may hold {} PostgreSQL connections "
                                    + "({} worker(s) x {} + {} dispatcher(s) + {} scheduler + 1), {}% of the {} usable "
                                    + "(max_connections {} - superuser_reserved_connections {}); other clients and pools "
                                    + "share the rest. Raise max_connections or run fewer workers.",
                            estimate.backend(), estimate.estimated(), estimate.workers(), 2 + estimate.listen(),
                            estimate.dispatchers(), estimate.scheduler(),
                            Math.round(100.0 * estimate.estimated() / Math.max(1, estimate.usable())), estimate.usable(),
                            estimate.maxConnections(), estimate.superuserReserved());
        }
        return Optional.of(estimate);
    }

    private static int[] limits(Connection connection) throws SQLException {
        return new int[] {setting(connection, "max_connections"), setting(connection, "superuser_reserved_connections")};
    }

    private static int setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return Integer.parseInt(rs.getString(1).trim());
        }
    }
}
