package dev.jqueue.console.overview;

import static dev.jqueue.state.Tables.FAILED;
import static dev.jqueue.state.Tables.JOBS;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.ui.SvgChart.Point;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.sql.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Jobs finished and failed per minute over the last hour, read with one query each: a
 * {@code SUM(CASE ...)} per minute over the rows of the window, so it is the same SQL on every
 * database (timestamps are bound through the engine's {@link Dialect}) and it reads only the
 * window's rows through the {@code finished_at} and failed {@code created_at} indexes. Results
 * are kept for a few seconds, so many open overview pages cost one query.
 */
@Service
public class ThroughputQuery {

    public static final Duration WINDOW = Duration.ofHours(1);
    static final Duration REUSE = Duration.ofSeconds(15);

    private final Backends backends;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Instant readAt, Throughput throughput) {
    }

    public ThroughputQuery(Backends backends) {
        this.backends = backends;
    }

    /** The last hour of a backend, in whole minutes up to the current one. */
    public Throughput lastHour(String alias) {
        Backend backend = backends.get(alias);
        Instant now = backend.context().now();
        Cached cached = cache.get(alias);
        if (cached != null && Duration.between(cached.readAt(), now).compareTo(REUSE) < 0) {
            return cached.throughput();
        }
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant from = to.minus(WINDOW);
        Throughput throughput = read(backend.context(), from, to);
        cache.put(alias, new Cached(now, throughput));
        return throughput;
    }

    /** Counts per minute in {@code [from, to)}, which must be whole minutes apart. */
    public static Throughput read(BackendContext context, Instant from, Instant to) {
        int minutes = (int) Duration.between(from, to).toMinutes();
        List<Point> finished = perMinute(context, "j.finished_at", "FROM " + JOBS + " j WHERE j.backend_alias = ?",
                from, minutes);
        List<Point> failed = perMinute(context, "f.created_at", "FROM " + FAILED + " f JOIN " + JOBS
                + " j ON j.id = f.job_id WHERE j.backend_alias = ?", from, minutes);
        return new Throughput(from, to, finished, failed);
    }

    private static List<Point> perMinute(BackendContext context, String column, String fromWhere, Instant from,
                                         int minutes) {
        Dialect dialect = context.dialect;
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < minutes; i++) {
            sql.append(i == 0 ? "" : ", ").append("SUM(CASE WHEN ").append(column).append(" >= ? AND ").append(column)
                    .append(" < ? THEN 1 ELSE 0 END) AS m").append(i);
        }
        sql.append(' ').append(fromWhere).append(" AND ").append(column).append(" >= ? AND ").append(column)
                .append(" < ?");
        Instant to = from.plus(Duration.ofMinutes(minutes));
        return context.db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
                int index = 1;
                for (int i = 0; i < minutes; i++) {
                    dialect.setInstant(ps, index++, from.plus(Duration.ofMinutes(i)));
                    dialect.setInstant(ps, index++, from.plus(Duration.ofMinutes(i + 1)));
                }
                ps.setString(index++, context.alias);
                dialect.setInstant(ps, index++, from);
                dialect.setInstant(ps, index, to);
                List<Point> points = new ArrayList<>(minutes);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < minutes; i++) {
                        // SUM over no rows is NULL, which getLong reads as 0.
                        points.add(new Point(from.plus(Duration.ofMinutes(i)), rs.getLong(i + 1)));
                    }
                }
                return points;
            }
        });
    }
}
