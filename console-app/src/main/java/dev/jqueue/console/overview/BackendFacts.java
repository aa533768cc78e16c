package dev.jqueue.console.overview;

/**
 * What an operator wants to know about a backend before reading its numbers.
 *
 * @param alias the backend alias
 * @param database database product and version, e.g. "PostgreSQL 16.4"
 * @param embeddedWorkers whether this console process runs the backend's workers itself
 */
public record BackendFacts(String alias, String database, boolean embeddedWorkers) {
}
