package dev.jqueue.console.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;

/**
 * A titled box showing an {@link SvgChart} and a caption underneath (where the numbers come
 * from). The SVG markup is built on the server with every text escaped.
 */
public class ChartPanel extends Div {

    private final Div chart = new Div();
    private final Span caption = new Span();

    public ChartPanel(String title, String className) {
        addClassNames("chart-panel", className);
        chart.addClassName("chart");
        caption.addClassName("chart-caption");
        add(new H3(title), chart, caption);
    }

    /** Shows markup made by {@link SvgChart#render()}. */
    public void show(String svg) {
        chart.getElement().setProperty("innerHTML", svg);
    }

    public void caption(String text) {
        caption.setText(text);
    }
}
