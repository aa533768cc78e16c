package dev.jqueue.command;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.CommandLineSyntax;
import dev.jqueue.config.InvalidCommandLineException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;

/**
 * The options of a {@code jqueue:*} command, read from the raw arguments by the command's
 * {@link CommandLineSyntax}: {@code --name=value} and {@code --name value} alike; an unknown
 * option or a stray word is refused with its name (exit status 2).
 */
final class CommandOptions {

    private final String command;
    private final CommandLineSyntax.Parsed parsed;

    CommandOptions(CommandLineSyntax syntax, ApplicationArguments arguments) {
        this.command = syntax.command();
        try {
            this.parsed = syntax.parse(arguments.getSourceArgs());
        } catch (InvalidCommandLineException e) {
            String prefix = command + ": "; // JQueueCommands prints the command's name itself
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new CommandException(message, CommandException.USAGE);
        }
    }

    String string(String name) {
        String value = parsed.value(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    boolean has(String name) {
        return parsed.has(name);
    }

    boolean flag(String name) {
        if (!parsed.has(name)) {
            return false;
        }
        String value = string(name);
        if (value == null) {
            return true;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new CommandException("--" + name + " takes no value or one of true/false (got '" + value + "')");
        };
    }

    /** A number of seconds (decimals allowed), or null when absent; negative values are refused. */
    Duration seconds(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new CommandException("--" + name + " must be a number of seconds (got '" + value + "')");
        }
        if (seconds.signum() < 0) {
            throw new CommandException("--" + name + " must not be negative (got " + value + ")");
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    /** A positive integer, or {@code fallback} when absent. */
    int positiveInt(String name, int fallback) {
        String value = string(name);
        if (value == null) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CommandException("--" + name + " must be a positive integer (got '" + value + "')");
        }
        if (number <= 0) {
            throw new CommandException("--" + name + " must be a positive integer (got " + value + ")");
        }
        return number;
    }

    /** The backend named by {@code --backend}, or the primary one ({@code default}, else the first configured). */
    String backendAlias(Backends backends) {
        String alias = string("backend");
        if (alias == null) {
            return backends.primary().backend();
        }
        if (!backends.aliases().contains(alias)) {
            throw new CommandException("backend '" + alias + "' is not configured for jqueue (configured: "
                    + String.join(", ", backends.aliases()) + ")");
        }
        return alias;
    }

    Backend backend(Backends backends) {
        return backends.get(backendAlias(backends));
    }

    String command() {
        return command;
    }
}
