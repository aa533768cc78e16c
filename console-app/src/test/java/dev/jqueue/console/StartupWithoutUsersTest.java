package dev.jqueue.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.console.security.NoConsoleUsersException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Without the demo profile and without configured users nobody could sign in: refuse to start. */
@ExtendWith(OutputCaptureExtension.class)
class StartupWithoutUsersTest {

    @Test
    void startUpFailsAndNamesTheUsersProperty(CapturedOutput output) {
        SpringApplicationBuilder console = new SpringApplicationBuilder(ConsoleApplication.class)
                .properties("server.port=0", "jqueue.console.data-dir=" + TestDataDirectory.fresh("no-users"));

        assertThatThrownBy(() -> console.run())
                .hasRootCauseInstanceOf(NoConsoleUsersException.class)
                .rootCause().hasMessageContaining("jqueue.console.users");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("jqueue.console.users[0].username");
    }
}
