package dev.jqueue.examples;

import dev.jqueue.EnqueueRequest;
import dev.jqueue.JQueue;
import dev.jqueue.TaskResult;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar jqueue-examples.jar enqueue [N]}: enqueues N welcome mails in one atomic
 * bulk call and one report with the type-safe API, prints their ids, and exits.
 */
@Component
public class EnqueueCommand implements ApplicationRunner {

    private final JQueue jqueue;

    public EnqueueCommand(JQueue jqueue) {
        this.jqueue = jqueue;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> command = args.getNonOptionArgs();
        if (command.isEmpty() || !command.getFirst().equals("enqueue")) {
            return;
        }
        int count = command.size() > 1 ? Integer.parseInt(command.get(1)) : 10;
        List<EnqueueRequest> mails = new ArrayList<>();
        for (long user = 1; user <= count; user++) {
            long id = user;
            mails.add(jqueue.call(Mailer.class, m -> m.deliver("welcome", id)));
        }
        List<TaskResult> results = jqueue.enqueueAll(mails);
        TaskResult report = jqueue.enqueue(Reports.class,
                r -> r.summarize(new Reports.ReportRequest("signups", List.of(3, 4, 5))));
        System.out.println("enqueued " + results.size() + " mails and report " + report.id());
    }
}
