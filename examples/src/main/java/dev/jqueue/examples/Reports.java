package dev.jqueue.examples;

import dev.jqueue.JQueueTask;
import java.util.List;
import org.springframework.stereotype.Service;

/** A task with a structured argument and result, and an explicit task path. */
@Service
public class Reports {

    /** The request is stored as JSON and read back into this record by the worker. */
    public record ReportRequest(String name, List<Integer> values) {
    }

    /** The return value is stored as JSON too. */
    public record Summary(String name, int count, long total) {
    }

    @JQueueTask(name = "reports.summarize", queue = "reports", priority = 5)
    public Summary summarize(ReportRequest request) {
        long total = request.values().stream().mapToLong(Integer::longValue).sum();
        return new Summary(request.name(), request.values().size(), total);
    }
}
