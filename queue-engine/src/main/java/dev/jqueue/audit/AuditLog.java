package dev.jqueue.audit;

import dev.jqueue.sql.Dialect;
import dev.jqueue.sql.QueueDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code jqueue_audit_events}: the record of operator actions, newest first. */
public final class AuditLog {

    private final QueueDatabase db;
    private final Dialect dialect;

    public AuditLog(QueueDatabase db) {
        this.db = db;
        this.dialect = db.dialect();
    }

    /** Writes an event in its own transaction (a refused or failed action is audited too). */
    public void record(AuditEvent event) {
        db.inTransaction(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO jqueue_audit_events (occurred_at, actor, "
                    + "role, backend_alias, action, target_type, target, affected, outcome, detail) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                dialect.setInstant(ps, 1, event.occurredAt() == null ? Instant.now() : event.occurredAt());
                ps.setString(2, event.actor());
                ps.setString(3, event.role());
                ps.setString(4, event.backend());
                ps.setString(5, event.action());
                ps.setString(6, event.targetType());
                ps.setString(7, event.target() == null ? "" : truncate(event.target(), 8000));
                ps.setInt(8, event.affected());
                ps.setString(9, event.outcome());
                ps.setString(10, event.detail() == null ? "" : truncate(event.detail(), 8000));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Events matching the filters (null = any; {@code text} matches action, target or detail),
     * newest first.
     */
    public List<AuditEvent> search(String actor, String action, String outcome, String text, Instant from, Instant to,
                                   int offset, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (actor != null) {
            where.append(" AND actor = ?");
            params.add(actor);
        }
        if (action != null) {
            where.append(" AND action = ?");
            params.add(action);
        }
        if (outcome != null) {
            where.append(" AND outcome = ?");
            params.add(outcome);
        }
        if (text != null) {
            where.append(" AND (").append(dialect.containsIgnoreCase("target")).append(" OR ")
                    .append(dialect.containsIgnoreCase("detail")).append(")");
            String like = "%" + text.toLowerCase().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            params.add(like);
            params.add(like);
        }
        if (from != null) {
            where.append(" AND occurred_at >= ?");
            params.add(from);
        }
        if (to != null) {
            where.append(" AND occurred_at < ?");
            params.add(to);
        }
        String sql = "SELECT * FROM jqueue_audit_events WHERE " + where + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?";
        return db.read(connection -> {
            List<AuditEvent> events = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                for (Object param : params) {
                    if (param instanceof Instant at) {
                        dialect.setInstant(ps, index++, at);
                    } else {
                        ps.setObject(index++, param);
                    }
                }
                ps.setInt(index++, limit);
                ps.setInt(index, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new AuditEvent(rs.getLong("id"), dialect.getInstant(rs, "occurred_at"),
                                rs.getString("actor"), rs.getString("role"), rs.getString("backend_alias"),
                                rs.getString("action"), rs.getString("target_type"), rs.getString("target"),
                                rs.getInt("affected"), rs.getString("outcome"), rs.getString("detail")));
                    }
                }
            }
            return events;
        });
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
