package dev.jqueue.console.actions;

/** What an action did, in words for the operator, and how many jobs (or rows) it changed. */
public record ActionResult(String message, int affected) {
}
