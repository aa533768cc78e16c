package dev.jqueue.observability.postgres;

/**
 * One finding of the PostgreSQL health page: how bad it is, what it is about, what was seen and
 * what to do about it.
 *
 * @param severity {@code CRITICAL}: queue tables cannot be cleaned or jobs may stall until it is
 *                 fixed; {@code WARNING}: it degrades the queue over time; {@code OK}: checked, fine
 * @param subject what it is about: a table, a session, a slot, the server
 * @param summary what was seen, in one sentence
 * @param advice what to do, with the statement to run where there is one
 */
public record HealthFinding(Severity severity, String subject, String summary, String advice) {

    public enum Severity { CRITICAL, WARNING, OK }
}
