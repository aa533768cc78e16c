package dev.jqueue.command;

import dev.jqueue.backend.Backends;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;

/**
 * Runs the {@code jqueue:*} command named by {@link JQueueCommands#COMMAND_PROPERTY} once the
 * context is up, then closes the context and exits the JVM with the command's status. It runs
 * before the application's own runners, which therefore never see a jqueue command.
 */
public final class JQueueCommandRunner implements ApplicationRunner, Ordered {

    private final String command;
    private final Backends backends;
    private final ApplicationContext context;

    public JQueueCommandRunner(String command, Backends backends, ApplicationContext context) {
        this.command = command;
        this.backends = backends;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        int status = JQueueCommands.run(command, backends, arguments, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(SpringApplication.exit(context, () -> status));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
