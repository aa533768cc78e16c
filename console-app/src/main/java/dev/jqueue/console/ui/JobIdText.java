package dev.jqueue.console.ui;

import java.util.UUID;

/**
 * Job ids shortened for tables. Ids are UUIDv7, whose first characters are a timestamp shared
 * by every job of the same moment, so the short form keeps the first 8 and the last 4 characters
 * ({@code 01a221a3…13e7}); the full id is in the link's tooltip and on the job page.
 */
public final class JobIdText {

    private JobIdText() {
    }

    public static String shortText(UUID id) {
        String text = id.toString();
        return text.substring(0, 8) + "…" + text.substring(text.length() - 4);
    }
}
