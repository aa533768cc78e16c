package dev.jqueue.reads;

import java.util.List;

/** A page of rows and the (capped) count of all rows matching. */
public record Page<T>(List<T> rows, Count total, int offset, int limit) {
}
