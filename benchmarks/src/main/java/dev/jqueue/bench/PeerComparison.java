package dev.jqueue.bench;

import dev.jqueue.bench.peers.PeerDrain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One table per database that puts the peers' drain throughput beside jqueue's: for each size a
 * peer ran, the best worker-drain median (over its shapes and statistics states) and each peer's
 * median, with the peer as a multiple of jqueue.
 */
final class PeerComparison {

    private PeerComparison() {
    }

    /** {@code byScenario}: one database's records by scenario; empty when no peer ran. */
    static String markdown(Map<String, List<Map<String, Object>>> byScenario) {
        List<String> peers = Options.PEER_SCENARIOS.stream().filter(byScenario::containsKey).toList();
        if (peers.isEmpty()) {
            return "";
        }
        TreeSet<Integer> sizes = new TreeSet<>();
        for (String peer : peers) {
            byScenario.get(peer).forEach(r -> sizes.add(((Number) r.get("size")).intValue()));
        }
        StringBuilder out = new StringBuilder("#### drain: jqueue beside its peers (jobs_per_second, median of runs)\n\n");
        out.append("| size | jqueue worker-drain (best) |");
        peers.forEach(p -> out.append(" ").append(p).append(" |"));
        out.append("\n|---|---|").append("---|".repeat(peers.size())).append("\n");
        for (int size : sizes) {
            double best = Double.NaN;
            String bestShape = "";
            for (var group : bySize(byScenario.get("worker-drain"), size).entrySet()) {
                double median = Report.median(group.getValue(), "jobs_per_second");
                if (!Double.isNaN(median) && (Double.isNaN(best) || median > best)) {
                    best = median;
                    bestShape = group.getKey();
                }
            }
            out.append("| ").append(size).append(" | ")
                    .append(Double.isNaN(best) ? "not run" : Report.format(best) + " (" + bestShape + ")").append(" |");
            for (String peer : peers) {
                double median = Report.median(bySize(byScenario.get(peer), size).values().stream()
                        .flatMap(List::stream).toList(), "jobs_per_second");
                out.append(" ").append(Report.format(median));
                if (!Double.isNaN(best) && !Double.isNaN(median)) {
                    out.append(" (").append(Report.format(median / best)).append("×)");
                }
                out.append(" |");
            }
            out.append("\n");
        }
        return out.append("\n").toString();
    }

    /** Records of one size, grouped by drain shape (jqueue) or by their params (peers: one group). */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Map<String, Object>>> bySize(List<Map<String, Object>> records, int size) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        if (records == null) {
            return groups;
        }
        for (Map<String, Object> r : records) {
            if (((Number) r.get("size")).intValue() == size) {
                Map<String, Object> params = r.get("params") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
                String key = params.containsKey("shape") ? params.get("shape") + " " + params.get("stats")
                        : String.valueOf(params);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        return groups;
    }
}
