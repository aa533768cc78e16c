package dev.jqueue.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.console.ui.SvgChart.Point;
import dev.jqueue.console.ui.SvgChart.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Instant FROM = Instant.parse("2026-05-01T12:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));

    private static List<Point> perMinute(int... values) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Point(FROM.plus(Duration.ofMinutes(i)), values[i]));
        }
        return points;
    }

    private static int count(String text, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    /** x, y and height of the bar whose tooltip is {@code title}. */
    private static double[] bar(String svg, String title) {
        Matcher m = Pattern.compile("<rect x=\"([\\d.]+)\" y=\"([\\d.]+)\" width=\"[\\d.]+\" height=\"([\\d.]+)\"><title>"
                + Pattern.quote(title) + "</title>").matcher(svg);
        assertThat(m.find()).as("a bar titled '%s' in %s", title, svg).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
    }

    @Test
    void stackedBarsOnePerNonZeroBucketAndSeries() throws Exception {
        String svg = SvgChart.over(FROM, TO, UTC).title("Jobs per minute")
                .bars(new Series("finished", "finished", "#0a0", perMinute(3, 0, 5)))
                .bars(new Series("failed", "failed", "#a00", perMinute(1, 2, 0)))
                .render();

        // Bars: 3 and 5 finished, 1 and 2 failed; zero buckets draw nothing. Plus two legend swatches.
        assertThat(count(svg, "<rect x=")).isEqualTo(4);
        assertThat(count(svg, "class=\"legend-swatch")).isEqualTo(2);
        assertThat(svg).contains("<title>12:00 · 3 finished</title>").contains("<title>12:01 · 2 failed</title>");
        // The failed bar of minute 0 sits on top of its finished bar: same x, its y is above
        // (smaller), and it ends where the finished bar begins (coordinates have one decimal).
        double[] finished = bar(svg, "12:00 · 3 finished");
        double[] failed = bar(svg, "12:00 · 1 failed");
        assertThat(failed[0]).isEqualTo(finished[0]);
        assertThat(failed[1]).isLessThan(finished[1]);
        assertThat(failed[1] + failed[2]).isCloseTo(finished[1], org.assertj.core.api.Assertions.within(0.2));
        assertThat(finished[2]).as("3 is three times as tall as 1").isCloseTo(3 * failed[2],
                org.assertj.core.api.Assertions.within(0.3));
        // Minute 1 has no finished bar, so its failed bar stands on the axis, where minute 0's finished bar does.
        double[] alone = bar(svg, "12:01 · 2 failed");
        assertThat(alone[1] + alone[2]).isCloseTo(finished[1] + finished[2], org.assertj.core.api.Assertions.within(0.2));
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
        assertWellFormed(svg);
    }

    @Test
    void axisEndsOnARoundNumberAndLabelsTimes() {
        String svg = SvgChart.over(FROM, TO, UTC).bars(new Series("finished", "finished", "#0a0", perMinute(7))).render();

        assertThat(svg).contains(">8</text>").contains(">0</text>");
        assertThat(svg).contains(">12:00</text>").contains(">12:10</text>").contains(">13:00</text>");
    }

    @Test
    void niceScales() {
        assertThat(SvgChart.niceScale(0)).containsExactly(1, 1);
        assertThat(SvgChart.niceScale(7)).containsExactly(8, 2);
        assertThat(SvgChart.niceScale(130)).containsExactly(150, 50);
        assertThat(SvgChart.niceScale(1)).containsExactly(1, 1);
        assertThat(SvgChart.niceScale(10_001)).containsExactly(15_000, 5_000);
    }

    @Test
    void linesDrawAPolylineAndALonePointAsADot() throws Exception {
        String two = SvgChart.over(FROM, TO, UTC)
                .line(new Series("depth", "all queues", "#00a", List.of(new Point(FROM, 4), new Point(TO, 8)))).render();
        String one = SvgChart.over(FROM, TO, UTC)
                .line(new Series("depth", "all queues", "#00a", List.of(new Point(FROM.plusSeconds(60), 4)))).render();

        assertThat(two).contains("<polyline");
        assertThat(one).doesNotContain("<polyline").contains("r=\"3\"");
        assertWellFormed(two);
    }

    @Test
    void namesAndTitlesAreEscaped() throws Exception {
        String svg = SvgChart.over(FROM, TO, UTC).title("<script>alert(1)</script>")
                .line(new Series("q1", "<img src=x onerror=alert(1)>", "#00a\" onload=\"x", perMinute(1, 2)))
                .emptyText("&<>").render();

        assertThat(svg).doesNotContain("<script").doesNotContain("<img").doesNotContain("\" onload=\"");
        assertThat(svg).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertWellFormed(svg);
    }

    @Test
    void sayWhenThereIsNothingToDraw() {
        String svg = SvgChart.over(FROM, TO, UTC).emptyText("No sample yet")
                .line(new Series("depth", "all queues", "#00a", List.of())).render();

        assertThat(svg).contains("class=\"empty\"").contains(">No sample yet</text>");
    }

    @Test
    void pointsOutsideTheRangeAreLeftOut() {
        String svg = SvgChart.over(FROM, TO, UTC)
                .bars(new Series("finished", "finished", "#0a0", List.of(new Point(FROM.minusSeconds(60), 5),
                        new Point(TO, 5)))).render();

        assertThat(count(svg, "<rect x=")).isZero();
    }

    @Test
    void aRangeMustMoveForward() {
        assertThatThrownBy(() -> SvgChart.over(TO, FROM)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertWellFormed(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
