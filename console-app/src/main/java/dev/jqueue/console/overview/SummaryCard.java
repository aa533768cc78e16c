package dev.jqueue.console.overview;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** One headline number with a title and a short explanation (text or links) underneath. */
class SummaryCard extends Card {

    private final Span value = new Span();
    private final Div detail = new Div();

    SummaryCard(String title, String className) {
        addClassNames("summary-card", className);
        setTitle(title);
        value.addClassName("summary-value");
        detail.addClassName("summary-detail");
        add(value, detail);
    }

    void show(String value, String detail) {
        this.value.setText(value);
        this.detail.removeAll();
        this.detail.setText(detail);
    }

    void show(String value, Component... detail) {
        this.value.setText(value);
        this.detail.removeAll();
        this.detail.setText("");
        this.detail.add(detail);
    }
}
