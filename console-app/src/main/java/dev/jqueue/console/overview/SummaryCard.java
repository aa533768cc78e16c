package dev.jqueue.console.overview;

import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.html.Span;

/** One headline number with a title and a short explanation underneath. */
class SummaryCard extends Card {

    private final Span value = new Span();
    private final Span detail = new Span();

    SummaryCard(String title, String className) {
        addClassNames("summary-card", className);
        setTitle(title);
        value.addClassName("summary-value");
        detail.addClassName("summary-detail");
        add(value, detail);
    }

    void show(String value, String detail) {
        this.value.setText(value);
        this.detail.setText(detail);
    }
}
