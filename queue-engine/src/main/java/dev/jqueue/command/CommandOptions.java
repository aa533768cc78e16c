package dev.jqueue.command;

import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.ApplicationArguments;

/**
 * The {@code --name=value} options of a {@code jqueue:*} command. Options with a dot
 * ({@code --spring.profiles.active=…}) and {@code --config} are Spring's and the overlay's,
 * and are left alone; any other option the command does not know is refused.
 */
final class CommandOptions {

    private final String command;
    private final ApplicationArguments arguments;

    CommandOptions(String command, ApplicationArguments arguments, Set<String> known) {
        this.command = command;
        this.arguments = arguments;
        Set<String> unknown = new TreeSet<>();
        for (String name : arguments.getOptionNames()) {
            if (!name.contains(".") && !name.equals("config") && !known.contains(name)) {
                unknown.add("--" + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CommandException("unknown option" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; " + command + " accepts " + String.join(", ", new TreeSet<>(known).stream().map(k -> "--" + k).toList()),
                    CommandException.USAGE);
        }
    }

    String string(String name) {
        List<String> values = arguments.getOptionValues(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.getLast();
        return value == null || value.isBlank() ? null : value.trim();
    }

    boolean flag(String name) {
        if (!arguments.containsOption(name)) {
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
