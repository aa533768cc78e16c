package dev.jqueue.config;

/** A jqueue command line the parser refused; the message names the offending word and what is accepted. */
public final class InvalidCommandLineException extends IllegalArgumentException {

    public InvalidCommandLineException(String message) {
        super(message);
    }
}
