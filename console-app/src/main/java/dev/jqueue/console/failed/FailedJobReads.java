package dev.jqueue.console.failed;

import dev.jqueue.JobState;
import dev.jqueue.TaskError;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.Backends;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobRow;
import dev.jqueue.reads.JobSearch;
import dev.jqueue.reads.JobSearch.FailedGroup;
import dev.jqueue.reads.JobSort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The reads behind the failed-jobs page: groups by exception class and task, the jobs of one
 * group and its newest error. Read-only; every change goes through
 * {@link dev.jqueue.console.actions.ConsoleActions}.
 *
 * <p>The job filter matches task paths as substrings, so a group's filter (exception class
 * plus task path) can also match a task whose path contains this one (say {@code send} and
 * {@code sendAll}) with the same exception. {@link #scope} detects that and then lists the
 * group's jobs by exact task path instead.
 */
@Service
public class FailedJobReads {

    /** The most jobs a group lists (and acts on by id) when its filter is not exact. */
    static final int INEXACT_LIMIT = 5_000;
    private static final int PAGE = 500;

    private final Backends backends;

    public FailedJobReads(Backends backends) {
        this.backends = backends;
    }

    private JobSearch search(String alias) {
        return new JobSearch(backends.get(alias).context());
    }

    /** The filter of the page: failed jobs, narrowed by queue (exact), task (substring) and exception class (exact). */
    public static JobFilter pageFilter(String queue, String task, String exceptionClass) {
        return JobFilter.state(JobState.FAILED).withQueue(queue).withTaskPath(task).withExceptionClass(exceptionClass);
    }

    public List<FailedGroup> groups(String alias, JobFilter filter) {
        return search(alias).failedGroups(filter);
    }

    /** One group inside the page's filter, and whether its filter selects exactly its jobs. */
    public record GroupScope(String alias, JobFilter filter, FailedGroup group, boolean exact) {
    }

    public GroupScope scope(String alias, JobFilter pageFilter, FailedGroup group) {
        JobFilter filter = pageFilter.withState(JobState.FAILED).withExceptionClass(group.exceptionClass())
                .withExactTaskPath(group.taskPath());
        // Class and task matched exactly select the group's jobs and nothing else.
        boolean exact = group.exceptionClass() != null && group.taskPath() != null;
        return new GroupScope(alias, filter, group, exact);
    }

    /** A page of the group's jobs, newest failure first unless sorted otherwise. */
    public List<JobRow> rows(GroupScope scope, JobSort sort, int offset, int limit) {
        if (scope.exact()) {
            return search(scope.alias()).search(scope.filter(), sort, offset, limit).rows();
        }
        List<JobRow> all = exactRows(scope, sort);
        return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
    }

    /** Ids of the group's jobs (for acting on them one by one when the filter is not exact). */
    public List<UUID> ids(GroupScope scope) {
        return exactRows(scope, null).stream().map(JobRow::id).toList();
    }

    private List<JobRow> exactRows(GroupScope scope, JobSort sort) {
        JobSearch search = search(scope.alias());
        List<JobRow> rows = new ArrayList<>();
        for (int offset = 0; rows.size() < INEXACT_LIMIT; offset += PAGE) {
            List<JobRow> page = search.search(scope.filter(), sort, offset, PAGE).rows();
            for (JobRow row : page) {
                if (scope.group().taskPath().equals(row.taskPath()) && rows.size() < INEXACT_LIMIT) {
                    rows.add(row);
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return rows;
    }

    /** The newest error of the group: exception class, message and stack trace. */
    public Optional<TaskError> lastError(GroupScope scope) {
        List<JobRow> newest = rows(scope, null, 0, 1);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Backend backend = backends.get(scope.alias());
        return backend.findResult(newest.getFirst().id()).flatMap(TaskResult::lastError);
    }
}
