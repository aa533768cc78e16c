package dev.jqueue.reads;

/**
 * A count that stops at a threshold so no page scans a huge table to draw a number:
 * {@code atLeast} means "this many or more".
 */
public record Count(long value, boolean atLeast) {

    @Override
    public String toString() {
        return String.format("%,d", value) + (atLeast ? "+" : "");
    }
}
