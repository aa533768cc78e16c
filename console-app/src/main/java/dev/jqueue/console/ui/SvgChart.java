package dev.jqueue.console.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small time-series chart drawn on the server as SVG markup: stacked bars per time bucket
 * and/or lines, a y axis with round ticks, time labels and a legend. No JavaScript library.
 * Every piece of text (series names, titles) is XML-escaped, so names from the database cannot
 * inject markup. Colours are given per series and can be overridden by CSS through each
 * series' class ({@code series-<key>}); axis text uses {@code currentColor}, so the chart follows
 * the light or dark theme.
 */
public final class SvgChart {

    /** One value at one time (a bucket's start for bars). */
    public record Point(Instant at, double value) {
    }

    /** A named series; {@code key} becomes the CSS class {@code series-<key>}. */
    public record Series(String key, String name, String color, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 26;
    private static final int BOTTOM = 24;

    private final Instant from;
    private final Instant to;
    private final ZoneId zone;
    private int width = 640;
    private int height = 200;
    private String title = "";
    private Duration bucket = Duration.ofMinutes(1);
    private final List<Series> bars = new ArrayList<>();
    private final List<Series> lines = new ArrayList<>();
    private String emptyText = "No data yet";

    private SvgChart(Instant from, Instant to, ZoneId zone) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("chart range must end after it starts: " + from + " .. " + to);
        }
        this.from = from;
        this.to = to;
        this.zone = zone;
    }

    /** A chart over {@code [from, to)}, times labelled in the server's zone. */
    public static SvgChart over(Instant from, Instant to) {
        return new SvgChart(from, to, ZoneId.systemDefault());
    }

    /** A chart over {@code [from, to)}, times labelled in {@code zone}. */
    public static SvgChart over(Instant from, Instant to, ZoneId zone) {
        return new SvgChart(from, to, zone);
    }

    public SvgChart size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /** Accessible name of the chart (also drawn at the top left). */
    public SvgChart title(String title) {
        this.title = title == null ? "" : title;
        return this;
    }

    /** Width of one bar's bucket (default one minute). */
    public SvgChart bucket(Duration bucket) {
        this.bucket = bucket;
        return this;
    }

    /** Bars; several bar series are stacked in the order added. */
    public SvgChart bars(Series series) {
        bars.add(series);
        return this;
    }

    public SvgChart line(Series series) {
        lines.add(series);
        return this;
    }

    /** What to say when no series has a point. */
    public SvgChart emptyText(String text) {
        this.emptyText = text;
        return this;
    }

    /** The highest stacked bar or line point (0 when there is none). */
    double maxValue() {
        double max = 0;
        for (Series s : lines) {
            for (Point p : s.points()) {
                max = Math.max(max, p.value());
            }
        }
        java.util.Map<Instant, Double> stacks = new java.util.HashMap<>();
        for (Series s : bars) {
            for (Point p : s.points()) {
                max = Math.max(max, stacks.merge(p.at(), p.value(), Double::sum));
            }
        }
        return max;
    }

    /** A round upper bound for the y axis and its tick step: 7 → (8, 2); 130 → (150, 50). */
    static double[] niceScale(double max) {
        if (max <= 0) {
            return new double[] {1, 1};
        }
        double rough = max / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = magnitude;
        for (double factor : new double[] {1, 2, 5, 10}) {
            step = factor * magnitude;
            if (step >= rough) {
                break;
            }
        }
        if (step < 1) {
            step = 1; // counts are whole numbers
        }
        double top = Math.ceil(max / step) * step;
        return new double[] {top, step};
    }

    public String render() {
        int plotWidth = width - LEFT - RIGHT;
        int plotHeight = height - TOP - BOTTOM;
        double[] scale = niceScale(maxValue());
        double top = scale[0];
        double step = scale[1];
        double span = Duration.between(from, to).toMillis();

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"svg-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"100%\" aria-label=\"")
                .append(escape(title)).append("\">");
        svg.append("<title>").append(escape(title)).append("</title>");

        // Grid lines and y labels.
        for (double tick = 0; tick <= top + step / 2; tick += step) {
            double y = TOP + plotHeight - tick / top * plotHeight;
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth)
                    .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y))
                    .append("\" stroke=\"currentColor\" stroke-opacity=\"0.15\"/>");
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"currentColor\" fill-opacity=\"0.7\">")
                    .append(number(tick)).append("</text>");
        }

        // Time labels: about six, on round minutes.
        Duration labelEvery = labelInterval(Duration.between(from, to));
        Instant label = roundUp(from, labelEvery);
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        while (label.isBefore(to) || label.equals(to)) {
            double x = LEFT + Duration.between(from, label).toMillis() / span * plotWidth;
            svg.append("<text class=\"tick\" x=\"").append(fmt(x)).append("\" y=\"").append(height - 6)
                    .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"currentColor\" fill-opacity=\"0.7\">")
                    .append(clock.format(label)).append("</text>");
            label = label.plus(labelEvery);
        }

        boolean anyPoint = bars.stream().anyMatch(s -> !s.points().isEmpty())
                || lines.stream().anyMatch(s -> !s.points().isEmpty());

        // Stacked bars.
        java.util.Map<Instant, Double> stackBase = new java.util.HashMap<>();
        double barWidth = Math.max(1, bucket.toMillis() / span * plotWidth - 1);
        for (Series series : bars) {
            svg.append("<g class=\"series series-").append(escape(series.key())).append("\" fill=\"")
                    .append(escape(series.color())).append("\">");
            for (Point p : series.points()) {
                if (p.value() <= 0 || p.at().isBefore(from) || !p.at().isBefore(to)) {
                    continue;
                }
                double base = stackBase.getOrDefault(p.at(), 0.0);
                stackBase.put(p.at(), base + p.value());
                double x = LEFT + Duration.between(from, p.at()).toMillis() / span * plotWidth;
                double h = p.value() / top * plotHeight;
                double y = TOP + plotHeight - (base + p.value()) / top * plotHeight;
                svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"")
                        .append(fmt(barWidth)).append("\" height=\"").append(fmt(h)).append("\"><title>")
                        .append(clock.format(p.at())).append(" · ").append(number(p.value())).append(' ')
                        .append(escape(series.name())).append("</title></rect>");
            }
            svg.append("</g>");
        }

        // Lines (a lone point is drawn as a dot).
        for (Series series : lines) {
            List<Point> points = series.points().stream()
                    .filter(p -> !p.at().isBefore(from) && !p.at().isAfter(to)).toList();
            svg.append("<g class=\"series series-").append(escape(series.key())).append("\" stroke=\"")
                    .append(escape(series.color())).append("\" fill=\"").append(escape(series.color())).append("\">");
            if (points.size() > 1) {
                svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
                for (Point p : points) {
                    svg.append(fmt(x(p.at(), span, plotWidth))).append(',')
                            .append(fmt(TOP + plotHeight - p.value() / top * plotHeight)).append(' ');
                }
                svg.setLength(svg.length() - 1);
                svg.append("\"/>");
            }
            for (Point p : points) {
                svg.append("<circle cx=\"").append(fmt(x(p.at(), span, plotWidth))).append("\" cy=\"")
                        .append(fmt(TOP + plotHeight - p.value() / top * plotHeight)).append("\" r=\"")
                        .append(points.size() > 1 ? "1.5" : "3").append("\"><title>").append(clock.format(p.at()))
                        .append(" · ").append(number(p.value())).append(' ').append(escape(series.name()))
                        .append("</title></circle>");
            }
            svg.append("</g>");
        }

        // Axis base line.
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"")
                .append(TOP + plotHeight).append("\" y2=\"").append(TOP + plotHeight)
                .append("\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>");

        // Legend, top right.
        double legendX = LEFT + plotWidth;
        List<Series> all = new ArrayList<>(bars);
        all.addAll(lines);
        for (int i = all.size() - 1; i >= 0; i--) {
            Series series = all.get(i);
            String name = escape(series.name());
            double textWidth = series.name().length() * 6.2;
            legendX -= textWidth;
            svg.append("<text class=\"legend\" x=\"").append(fmt(legendX)).append("\" y=\"14\" font-size=\"11\" "
                    + "fill=\"currentColor\">").append(name).append("</text>");
            legendX -= 14;
            svg.append("<rect class=\"legend-swatch series-").append(escape(series.key())).append("\" x=\"")
                    .append(fmt(legendX)).append("\" y=\"5\" width=\"10\" height=\"10\" rx=\"2\" fill=\"")
                    .append(escape(series.color())).append("\"/>");
            legendX -= 12;
        }

        if (!anyPoint) {
            svg.append("<text class=\"empty\" x=\"").append(LEFT + plotWidth / 2).append("\" y=\"")
                    .append(TOP + plotHeight / 2).append("\" text-anchor=\"middle\" font-size=\"12\" "
                            + "fill=\"currentColor\" fill-opacity=\"0.6\">").append(escape(emptyText)).append("</text>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private double x(Instant at, double span, int plotWidth) {
        return LEFT + Duration.between(from, at).toMillis() / span * plotWidth;
    }

    private static Duration labelInterval(Duration range) {
        for (Duration candidate : new Duration[] {Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
                Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1)}) {
            if (range.dividedBy(candidate) <= 6) {
                return candidate;
            }
        }
        return Duration.ofDays(7);
    }

    private static Instant roundUp(Instant instant, Duration step) {
        long millis = step.toMillis();
        long epoch = instant.toEpochMilli();
        long rounded = Math.floorDiv(epoch + millis - 1, millis) * millis;
        return Instant.ofEpochMilli(rounded);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** XML text and attribute escaping. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
