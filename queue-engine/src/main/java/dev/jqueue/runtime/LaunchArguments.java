package dev.jqueue.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments this JVM's application was started with, as the application got them, so a fork
 * supervisor can start its children with the same words. {@code sun.java.command} joins them with
 * spaces, so an argument that holds a space (a path, a cron expression) cannot be split back from it.
 */
public final class LaunchArguments {

    private static volatile List<String> arguments;

    private LaunchArguments() {
    }

    /** Called once per application start with the raw arguments (by the command-line listener). */
    public static void remember(String[] args) {
        arguments = List.of(args);
    }

    /**
     * The main class or jar, then the arguments. With the remembered arguments the main part is
     * what precedes them in {@code sun.java.command}; without, the command is split at spaces.
     */
    static List<String> mainAndArguments(String javaCommand) {
        String command = javaCommand == null ? "" : javaCommand.trim();
        List<String> known = arguments;
        String joined = known == null ? null : String.join(" ", known);
        if (known != null && (known.isEmpty() ? !command.isEmpty() : command.endsWith(" " + joined))) {
            List<String> result = new ArrayList<>();
            result.add(known.isEmpty() ? command : command.substring(0, command.length() - joined.length() - 1).trim());
            result.addAll(known);
            return result;
        }
        return new ArrayList<>(Arrays.asList(command.split("\\s+")));
    }
}
