package dev.jqueue;

import java.time.Instant;

/** An error recorded for a failed job: exception class, message and stack trace. */
public record TaskError(String exceptionClass, String message, String stackTrace, Instant failedAt) {
}
