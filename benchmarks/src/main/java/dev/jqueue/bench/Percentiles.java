package dev.jqueue.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Latency summaries: nearest rank, {@code sorted[round((n-1)*p/100)]}, in milliseconds. */
public final class Percentiles {

    private Percentiles() {
    }

    static double rank(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.round((sorted.length - 1) * p / 100.0)];
    }

    /** Nanosecond samples to a sorted array of milliseconds. */
    static double[] millis(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1_000_000.0;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** {@code <prefix>_p50_ms}, {@code _p95_ms}, {@code _p99_ms}, {@code _mean_ms} and {@code _max_ms} of nanosecond samples. */
    static void putLatencies(Map<String, Object> metrics, String prefix, long[] nanos) {
        double[] ms = millis(nanos);
        for (int p : new int[] {50, 95, 99}) {
            metrics.put(prefix + "_p" + p + "_ms", round(rank(ms, p), 3));
        }
        metrics.put(prefix + "_mean_ms", round(mean(ms), 3));
        metrics.put(prefix + "_max_ms", round(ms[ms.length - 1], 3));
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** The median of run results (mean of the middle two for an even count). */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
