package dev.jqueue.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown tables of recorded results: per database and scenario, one row per size and
 * parameter set, with the key metric of every run and the medians of the main metrics.
 */
final class Report {

    private Report() {
    }

    static String markdown(List<Map<String, Object>> records) {
        StringBuilder out = new StringBuilder();
        Map<String, Map<String, List<Map<String, Object>>>> byDb = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            byDb.computeIfAbsent(String.valueOf(r.get("db")), k -> new LinkedHashMap<>())
                    .computeIfAbsent(String.valueOf(r.get("scenario")), k -> new ArrayList<>()).add(r);
        }
        for (var db : byDb.entrySet()) {
            Map<String, Object> meta = metadataOf(db.getValue());
            out.append("### ").append(db.getKey());
            if (meta.get("db_version") != null) {
                out.append(" (").append(meta.get("db_version")).append(")");
            }
            out.append("\n\n");
            for (String scenario : Options.SCENARIOS) {
                List<Map<String, Object>> rows = db.getValue().get(scenario);
                if (rows != null) {
                    table(out, scenario, rows);
                }
            }
            for (String scenario : Options.NAMED_SCENARIOS) {
                if (db.getValue().containsKey(scenario)) {
                    table(out, scenario, db.getValue().get(scenario));
                }
            }
            for (String scenario : Options.PEER_SCENARIOS) {
                if (db.getValue().containsKey(scenario)) {
                    table(out, scenario, db.getValue().get(scenario));
                }
            }
            out.append(PeerComparison.markdown(db.getValue()));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataOf(Map<String, List<Map<String, Object>>> scenarios) {
        for (List<Map<String, Object>> rows : scenarios.values()) {
            for (Map<String, Object> r : rows) {
                if (r.get("metadata") instanceof Map<?, ?> m) {
                    return (Map<String, Object>) m;
                }
            }
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static void table(StringBuilder out, String scenario, List<Map<String, Object>> records) {
        String key = Scenarios.keyMetric(scenario);
        List<String> metrics = Scenarios.tableMetrics(scenario);
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            groups.computeIfAbsent(r.get("size") + "|" + params(r), k -> new ArrayList<>()).add(r);
        }
        out.append("#### ").append(scenario).append(" (key metric: ").append(key)
                .append(Scenarios.lowerIsBetter(scenario) ? ", lower is better" : ", higher is better").append(")\n\n");
        out.append("| size | params | runs | ").append(key).append(" per run |");
        for (String m : metrics) {
            out.append(" ").append(m).append(" (median) |");
        }
        out.append(" load 1m before→after |\n|---|---|---|---|");
        out.append("---|".repeat(metrics.size())).append("---|\n");
        Map<String, double[]> bestBySize = new LinkedHashMap<>();
        Map<String, String> bestParams = new LinkedHashMap<>();
        for (var group : groups.entrySet()) {
            List<Map<String, Object>> rs = group.getValue();
            Map<String, Object> first = rs.getFirst();
            List<String> perRun = new ArrayList<>();
            List<String> loads = new ArrayList<>();
            int ok = 0;
            for (Map<String, Object> r : rs) {
                Map<String, Object> m = (Map<String, Object>) r.get("metrics");
                if (m == null || m.containsKey("error")) {
                    perRun.add("error");
                    continue;
                }
                ok++;
                perRun.add(format(m.get(key)));
                if (r.get("metadata") instanceof Map<?, ?> meta) {
                    loads.add(first(meta.get("load_before")) + "→" + first(meta.get("load_after")));
                }
            }
            out.append("| ").append(first.get("size")).append(" | ").append(params(first)).append(" | ").append(ok)
                    .append(" | ").append(String.join(", ", perRun)).append(" |");
            for (String m : metrics) {
                double median = median(rs, m);
                out.append(" ");
                if (m.equals(key)) {
                    out.append("**").append(format(median)).append("**");
                } else {
                    out.append(format(median));
                }
                out.append(" |");
            }
            out.append(" ").append(String.join(", ", loads)).append(" |\n");
            double keyMedian = median(rs, key);
            String size = String.valueOf(first.get("size"));
            double[] best = bestBySize.get(size);
            boolean better = best == null || (Scenarios.lowerIsBetter(scenario) ? keyMedian < best[0] : keyMedian > best[0]);
            if (!Double.isNaN(keyMedian) && better) {
                bestBySize.put(size, new double[] {keyMedian});
                bestParams.put(size, params(first));
            }
        }
        out.append("\n");
        if (scenario.equals("worker-drain") && groups.size() > bestBySize.size()) {
            for (var best : bestBySize.entrySet()) {
                out.append("Best drain at ").append(best.getKey()).append(" jobs: **").append(format(best.getValue()[0]))
                        .append(" jobs/s** with ").append(bestParams.get(best.getKey())).append(" (median of runs).\n");
            }
            out.append("\n");
        }
    }

    @SuppressWarnings("unchecked")
    static double median(List<Map<String, Object>> records, String metric) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> r : records) {
            Map<String, Object> m = (Map<String, Object>) r.get("metrics");
            if (m != null && !m.containsKey("error") && m.get(metric) instanceof Number n) {
                values.add(n.doubleValue());
            }
        }
        return Percentiles.median(values);
    }

    @SuppressWarnings("unchecked")
    private static String params(Map<String, Object> record) {
        if (!(record.get("params") instanceof Map<?, ?> p) || p.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (var e : ((Map<String, Object>) p).entrySet()) {
            parts.add(e.getKey() + "=" + e.getValue());
        }
        return String.join(" ", parts);
    }

    private static String first(Object load) {
        if (load == null) {
            return "?";
        }
        String s = load.toString().trim();
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    static String format(Object value) {
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return "–";
        }
        if (Math.abs(d) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        if (Math.abs(d) >= 10) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
