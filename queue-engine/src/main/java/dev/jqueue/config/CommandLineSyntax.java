package dev.jqueue.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The options one jqueue command line accepts ({@code jqueue}, {@code jqueue:prune}, …) and the
 * parser that reads them the way dj_queue's commands are typed: {@code --name=value} and
 * {@code --name value} alike. Spring's own parser reads {@code --older-than 604800} as an empty
 * option plus a stray word, which silently meant "no window"; this one refuses whatever it does
 * not understand instead.
 *
 * <p>Left to Spring: options with a dot ({@code --spring.profiles.active=demo}, which must use
 * {@code =}), and Spring Boot's {@code --debug} and {@code --trace}. {@code --config=FILE} (the
 * overlay file) is accepted by every command.
 */
public final class CommandLineSyntax {

    /** Whether an option takes a value ({@code --backend A}) or is a switch ({@code --deep}, {@code --deep=false}). */
    public enum Arity { VALUE, FLAG }

    /** Accepted by every command: the overlay file, and Spring Boot's own switches. */
    private static final Map<String, Arity> COMMON = Map.of("config", Arity.VALUE, "debug", Arity.FLAG, "trace", Arity.FLAG);

    private final String command;
    private final Map<String, Arity> options;

    public CommandLineSyntax(String command, Map<String, Arity> options) {
        this.command = command;
        Map<String, Arity> all = new LinkedHashMap<>(options);
        COMMON.forEach(all::putIfAbsent);
        this.options = Map.copyOf(all);
    }

    public String command() {
        return command;
    }

    /** A parsed command line: the options by name (a switch given without value maps to ""), in the order given. */
    public record Parsed(String command, Map<String, String> options, List<String> normalized) {

        public boolean has(String name) {
            return options.containsKey(name);
        }

        public String value(String name) {
            return options.get(name);
        }
    }

    /**
     * Reads {@code args} (the command itself being the first word). Returns the options and the
     * same line rewritten as {@code --name=value} words for Spring's property source; throws
     * {@link InvalidCommandLineException} naming the first unknown option, stray word or option
     * without its value.
     */
    public Parsed parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> normalized = new ArrayList<>();
        boolean commandSeen = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (!commandSeen && arg.equals(command)) {
                    commandSeen = true;
                    normalized.add(arg);
                    continue;
                }
                throw new InvalidCommandLineException(command + ": unexpected argument '" + arg + "'"
                        + (commandSeen ? "" : " (expected the command " + command + ")") + "; " + usage());
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            String value = equals < 0 ? null : arg.substring(equals + 1);
            if (name.isEmpty()) {
                throw new InvalidCommandLineException(command + ": '" + arg + "' names no option; " + usage());
            }
            if (name.contains(".")) {
                normalized.add(arg); // a Spring property; Spring reads it
                continue;
            }
            Arity arity = options.get(name);
            if (arity == null) {
                throw new InvalidCommandLineException(command + ": unknown option --" + name + "; " + usage());
            }
            if (arity == Arity.VALUE && value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new InvalidCommandLineException(command + ": --" + name + " needs a value (--" + name
                            + "=VALUE or --" + name + " VALUE)");
                }
                value = args[++i];
            }
            if (value != null && value.isBlank() && arity == Arity.VALUE) {
                throw new InvalidCommandLineException(command + ": --" + name + " needs a value, got an empty one");
            }
            if (values.containsKey(name)) {
                throw new InvalidCommandLineException(command + ": --" + name + " is given twice");
            }
            values.put(name, value == null ? "" : value);
            normalized.add(value == null ? "--" + name : "--" + name + "=" + value);
        }
        // A program calling a command directly may leave the command word out; the options are what count.
        return new Parsed(command, Map.copyOf(values), List.copyOf(normalized));
    }

    /** {@code jqueue:prune accepts --backend, --batch-size, …} */
    public String usage() {
        List<String> names = new TreeSet<>(options.keySet()).stream().map(name -> "--" + name).toList();
        return command + " accepts " + String.join(", ", names);
    }

    /**
     * The first word of {@code args} that is neither an option nor the value of one, read with
     * the value-taking options of {@code syntaxes} (so {@code --backend reports jqueue} finds
     * {@code jqueue}); null when there is none.
     */
    public static String commandWord(String[] args, List<CommandLineSyntax> syntaxes) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                return arg;
            }
            if (arg.indexOf('=') < 0) {
                String name = arg.substring(2);
                boolean takesValue = syntaxes.stream().anyMatch(s -> s.options.get(name) == Arity.VALUE);
                if (takesValue) {
                    i++;
                }
            }
        }
        return null;
    }
}
