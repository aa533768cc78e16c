package dev.jqueue.console;

import com.microsoft.playwright.Locator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the visible rows of a {@code vaadin-grid} as text. The grid's cell contents are
 * slotted into its shadow DOM table, so the row a cell belongs to is only known through
 * the slot it is assigned to.
 */
final class GridRows {

    private static final String READ_ROWS = """
            grid => Array.from(grid.shadowRoot.querySelectorAll('#items tr'))
                .filter(tr => !tr.hidden)
                .map(tr => Array.from(tr.querySelectorAll('td')).map(td => {
                    const slot = td.querySelector('slot');
                    const assigned = slot ? slot.assignedElements({flatten: true}) : [];
                    return assigned.map(e => e.textContent.trim()).join(' ');
                }))
                .filter(cells => cells.some(text => text.length > 0))
            """;

    private GridRows() {
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> read(Locator grid) {
        List<List<Object>> rows = (List<List<Object>>) grid.evaluate(READ_ROWS);
        return rows.stream().map(row -> row.stream().map(String::valueOf).toList()).toList();
    }

    /** The row whose first cell is exactly {@code key}. */
    static Optional<List<String>> find(Locator grid, String key) {
        return read(grid).stream().filter(row -> !row.isEmpty() && row.getFirst().equals(key)).findFirst();
    }
}
