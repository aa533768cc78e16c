package dev.jqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A fork child gets its parent's arguments word for word, spaces inside them included. */
class LaunchArgumentsTest {

    @AfterEach
    void forget() {
        LaunchArguments.remember(new String[0]);
    }

    @Test
    void theRememberedArgumentsSurviveSpacesThatSplittingTheCommandWouldBreak() {
        LaunchArguments.remember(new String[] {"jqueue", "--mode=fork", "--config=/srv/my app/jqueue.yml"});
        assertThat(LaunchArguments.mainAndArguments("/opt/my jobs/app.jar jqueue --mode=fork --config=/srv/my app/jqueue.yml"))
                .containsExactly("/opt/my jobs/app.jar", "jqueue", "--mode=fork", "--config=/srv/my app/jqueue.yml");
    }

    @Test
    void withoutMatchingArgumentsTheCommandIsSplitAtSpaces() {
        LaunchArguments.remember(new String[] {"something", "else"});
        assertThat(LaunchArguments.mainAndArguments("app.jar jqueue --mode=fork"))
                .containsExactly("app.jar", "jqueue", "--mode=fork");
        LaunchArguments.remember(new String[0]);
        assertThat(LaunchArguments.mainAndArguments("dev.example.Main")).containsExactly("dev.example.Main");
    }
}
