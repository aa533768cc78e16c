package dev.jqueue.command;

/** A command refused its input or could not run; the message is printed to stderr. */
public final class CommandException extends RuntimeException {

    /** Exit status for bad usage (an unknown option), as argparse and Django's commands use. */
    public static final int USAGE = 2;
    /** Exit status for a refused value or a failed command (Django's {@code CommandError}). */
    public static final int FAILED = 1;

    private final int exitCode;

    public CommandException(String message) {
        this(message, FAILED);
    }

    public CommandException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
