package dev.jqueue.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.command.CommandLineListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The command-line reader: both spellings of an option, and a named refusal for anything it does not know. */
class CommandLineSyntaxTest {

    static final CommandLineSyntax PRUNE = new CommandLineSyntax("jqueue:prune", Map.of(
            "backend", CommandLineSyntax.Arity.VALUE, "failed-older-than", CommandLineSyntax.Arity.VALUE,
            "deep", CommandLineSyntax.Arity.FLAG));

    @Test
    void readsNameEqualsValueAndNameSpaceValueAlike() {
        CommandLineSyntax.Parsed spaced = PRUNE.parse(new String[] {"jqueue:prune", "--failed-older-than", "604800",
                "--backend", "reports", "--deep", "--spring.profiles.active=demo"});
        assertThat(spaced.options()).containsOnly(Map.entry("failed-older-than", "604800"), Map.entry("backend", "reports"),
                Map.entry("deep", ""));
        assertThat(spaced.normalized()).containsExactly("jqueue:prune", "--failed-older-than=604800", "--backend=reports",
                "--deep", "--spring.profiles.active=demo");
        CommandLineSyntax.Parsed equals = PRUNE.parse(new String[] {"--backend=reports", "jqueue:prune", "--deep=false"});
        assertThat(equals.options()).containsOnly(Map.entry("backend", "reports"), Map.entry("deep", "false"));
        // a negative number is a value, not an option (the command then refuses it by name)
        assertThat(PRUNE.parse(new String[] {"jqueue:prune", "--failed-older-than", "-5"}).value("failed-older-than"))
                .isEqualTo("-5");
    }

    @Test
    void refusesUnknownOptionsStrayWordsAndMissingValuesByName() {
        assertThatThrownBy(() -> PRUNE.parse(new String[] {"jqueue:prune", "--older-then=5"}))
                .isInstanceOf(InvalidCommandLineException.class)
                .hasMessage("jqueue:prune: unknown option --older-then; jqueue:prune accepts --backend, --config, --debug, "
                        + "--deep, --failed-older-than, --trace");
        assertThatThrownBy(() -> PRUNE.parse(new String[] {"jqueue:prune", "--deep", "true"}))
                .hasMessageStartingWith("jqueue:prune: unexpected argument 'true'");
        assertThatThrownBy(() -> PRUNE.parse(new String[] {"jqueue:prune", "--backend"}))
                .hasMessage("jqueue:prune: --backend needs a value (--backend=VALUE or --backend VALUE)");
        assertThatThrownBy(() -> PRUNE.parse(new String[] {"jqueue:prune", "--backend", "--deep"}))
                .hasMessageContaining("--backend needs a value");
        assertThatThrownBy(() -> PRUNE.parse(new String[] {"jqueue:prune", "--backend="}))
                .hasMessage("jqueue:prune: --backend needs a value, got an empty one");
        assertThatThrownBy(() -> PRUNE.parse(new String[] {"jqueue:prune", "--backend=a", "--backend", "b"}))
                .hasMessage("jqueue:prune: --backend is given twice");
        // Spring's own dotted options must use '=': the word after one is stray
        assertThatThrownBy(() -> PRUNE.parse(new String[] {"jqueue:prune", "--spring.profiles.active", "demo"}))
                .hasMessageStartingWith("jqueue:prune: unexpected argument 'demo'");
    }

    @Test
    void theCommandWordSkipsTheValuesOfOptionsBeforeIt() {
        List<CommandLineSyntax> syntaxes = List.of(PRUNE, JQueueCommandLine.SYNTAX);
        assertThat(CommandLineSyntax.commandWord(new String[] {"--backend", "reports", "jqueue"}, syntaxes)).isEqualTo("jqueue");
        assertThat(CommandLineSyntax.commandWord(new String[] {"--deep", "jqueue:prune"}, syntaxes)).isEqualTo("jqueue:prune");
        assertThat(CommandLineSyntax.commandWord(new String[] {"--server.port=0"}, syntaxes)).isNull();
    }

    @Test
    void theListenerRewritesSpringsViewOfAJqueueLineAndLeavesOtherLinesAlone() {
        StandardEnvironment environment = new StandardEnvironment();
        String[] args = {"jqueue", "--backend", "default", "--mode", "async"};
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        CommandLineListener.normalize(environment, args);
        assertThat(environment.getProperty("backend")).isEqualTo("default");
        assertThat(environment.getProperty("mode")).isEqualTo("async");

        StandardEnvironment other = new StandardEnvironment();
        String[] appArgs = {"import", "--file", "x.csv"};
        other.getPropertySources().addFirst(new SimpleCommandLinePropertySource(appArgs));
        assertThat(CommandLineListener.normalize(other, appArgs)).isNull();
        assertThat(other.getProperty("file")).isEmpty(); // Spring's reading, untouched
    }
}
