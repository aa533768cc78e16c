package dev.jqueue.console.semaphores;

import static dev.jqueue.state.Tables.BLOCKED;
import static dev.jqueue.state.Tables.SEMAPHORES;

import dev.jqueue.backend.Backends;
import dev.jqueue.operations.BackendContext;
import dev.jqueue.sql.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Semaphores of a backend's database, a page at a time, sorted and filtered in SQL (one row per
 * concurrency key, so there can be very many). Semaphores are shared by every backend on the
 * same database, like their blocked waiters.
 */
@Service
public class SemaphoreReads {

    /** A semaphore: {@code available} free slots of {@code limit}, {@code waiters} blocked jobs. */
    public record SemaphoreRow(String key, long active, long available, long limit, long waiters, Instant expiresAt) {
    }

    /** Sortable columns and their SQL. */
    static final Map<String, String> SORTS = Map.of("key", "semaphore_key", "active", "active", "available", "available",
            "limit", "slot_limit", "waiters", "waiters", "expires", "expires_at");

    private final Backends backends;

    public SemaphoreReads(Backends backends) {
        this.backends = backends;
    }

    private static String where(Dialect dialect, String keyText) {
        return keyText == null ? "" : " WHERE " + dialect.containsIgnoreCase("s." + dialect.quote("key"));
    }

    private static String like(String text) {
        return "%" + text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    public List<SemaphoreRow> page(String alias, String keyText, String sort, boolean descending, int offset, int limit) {
        BackendContext context = backends.get(alias).context();
        Dialect dialect = context.dialect;
        String key = "s." + dialect.quote("key");
        String order = SORTS.getOrDefault(sort, "semaphore_key");
        String direction = descending ? " DESC" : " ASC";
        String sql = "SELECT " + key + " AS semaphore_key, COALESCE(s.active_count, s." + dialect.quote("limit")
                + " - s.value) AS active, s.value AS available, s." + dialect.quote("limit") + " AS slot_limit, "
                + "s.expires_at, (SELECT COUNT(*) FROM " + BLOCKED + " b WHERE b.concurrency_key = " + key + ") AS waiters "
                + "FROM " + SEMAPHORES + " s" + where(dialect, keyText) + " ORDER BY " + order + direction
                + (order.equals("semaphore_key") ? "" : ", semaphore_key") + " LIMIT ? OFFSET ?";
        return context.db.read(connection -> {
            List<SemaphoreRow> rows = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                if (keyText != null) {
                    ps.setString(index++, like(keyText));
                }
                ps.setInt(index++, limit);
                ps.setInt(index, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new SemaphoreRow(rs.getString("semaphore_key"), Math.max(0, rs.getLong("active")),
                                rs.getLong("available"), rs.getLong("slot_limit"), rs.getLong("waiters"),
                                dialect.getInstant(rs, "expires_at")));
                    }
                }
            }
            return rows;
        });
    }

    public int count(String alias, String keyText) {
        BackendContext context = backends.get(alias).context();
        String sql = "SELECT COUNT(*) FROM " + SEMAPHORES + " s" + where(context.dialect, keyText);
        return context.db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                if (keyText != null) {
                    ps.setString(1, like(keyText));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return (int) Math.min(Integer.MAX_VALUE, rs.getLong(1));
                }
            }
        });
    }
}
