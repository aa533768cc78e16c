package dev.jqueue.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.JobState;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.observability.SnapshotReader;
import dev.jqueue.reads.JobFilter;
import dev.jqueue.reads.JobSearch;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the plans of the console's reads on PostgreSQL, in each statistics state, with 100,000
 * finished and 20,000 failed jobs: the reads a queue page, the jobs search and the failed
 * groups make, and the snapshot's counts. Every statement the engine sends for them is
 * captured and explained in the transaction it ran in (with the settings that transaction
 * pinned): no sequential scan of {@code jqueue_jobs} where an execution table drives, no hash
 * or merge join anywhere, and the failed rows of one exception class found through the V3
 * index or in the failed index's order.
 *
 * <p>Not pinned (known): with tables never analyzed, PostgreSQL may still drive a failed list
 * from an index range of {@code jqueue_jobs} (the queue's jobs; for the failed groups the
 * backend's) into the failed rows by key: no scan, no hash join, but more rows than the
 * failed ones. Any ANALYZE (or autovacuum) turns it around.
 */
class PostgresConsolePlanTest extends PlanDatabaseTest<PostgresPlanDatabase> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CLASS = "java.lang.IllegalStateException";

    private final List<Captured> captured = new ArrayList<>();

    /** A statement the engine prepared, its parameters by position. */
    private record Captured(String sql, Map<Integer, Object> params) {
    }

    @Override
    PostgresPlanDatabase open() {
        return PostgresPlanDatabase.open();
    }

    @ParameterizedTest
    @EnumSource(StatisticsState.class)
    void consoleReadsUseKeysAndIndexesNotScansOfTheJobs(StatisticsState state) throws Exception {
        database.build(state);
        // Failed jobs: analyzed with rows only in the backlog state (elsewhere their table was analyzed empty or never).
        database.execute("WITH j AS (INSERT INTO jqueue_jobs (id, task_path, queue_name, priority, payload, backend_alias, "
                + "attempts, created_at, updated_at) SELECT gen_random_uuid(), 'task-' || (g % 20), 'q' || (g % 10), 0, "
                + "'[]', 'default', 1, now(), now() FROM generate_series(1, 20000) g RETURNING id) "
                + "INSERT INTO jqueue_failed_executions (job_id, exception_class, created_at) SELECT id, "
                + "(ARRAY['" + CLASS + "', 'java.io.UncheckedIOException', 'java.lang.ArithmeticException'])"
                + "[1 + (abs(hashtext(id::text)) % 3)], now() - random() * interval '1 day' FROM j");
        if (state == StatisticsState.BACKLOG) {
            database.analyze();
        }
        Backend backend = BackendBuilder.on(capturing(new DriverManagerDataSource(PostgresPlanDatabase.URL
                + PostgresPlanDatabase.NAME, "postgres", ""))).migrate(false).build();
        JobSearch search = new JobSearch(backend.context());
        JobSearch rowsOnly = new JobSearch(backend.context(), 0);

        Map<String, Consumer<Void>> reads = new TreeMap<>();
        reads.put("failed tab of a queue", v -> rowsOnly.search(JobFilter.state(JobState.FAILED).withQueue("q3"), null, 0, 100));
        reads.put("ready tab of a queue", v -> search.search(JobFilter.state(JobState.READY).withQueue("q3"), null, 0, 100));
        reads.put("finished tab of a queue", v -> rowsOnly.search(JobFilter.state(JobState.FINISHED).withQueue("q3"), null, 0, 100));
        reads.put("jobs of an exception class", v -> search.search(JobFilter.none().withExceptionClass(CLASS), null, 0, 100));
        reads.put("failed groups", v -> search.failedGroups(JobFilter.state(JobState.FAILED)));
        reads.put("one failed group", v -> {
            JobFilter group = JobFilter.state(JobState.FAILED).withExceptionClass(CLASS).withExactTaskPath("task-5");
            search.failedGroups(group);
            search.search(group, null, 0, 100);
        });
        reads.put("snapshot counts", v -> backend.observedStats(SnapshotReader.FINISHED_CAP));

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Consumer<Void>> read : reads.entrySet()) {
            captured.clear();
            read.getValue().accept(null);
            problems.addAll(problemsOf(state + " / " + read.getKey(), List.copyOf(captured)));
        }
        assertThat(problems).as("console plans that read the jobs table whole or join by hash").isEmpty();
    }

    /** Replays the captured statements in one transaction: settings are applied, the rest explained. */
    private List<String> problemsOf(String read, List<Captured> statements) throws Exception {
        List<String> problems = new ArrayList<>();
        Connection connection = database.connection();
        connection.setAutoCommit(false);
        try {
            boolean noScans = false;
            for (Captured statement : statements) {
                if (statement.sql().startsWith("SELECT set_config")) {
                    noScans = statement.sql().contains("'enable_seqscan', 'off'");
                    try (PreparedStatement ps = connection.prepareStatement(statement.sql()); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                    continue;
                }
                PlanNode plan;
                try (PreparedStatement ps = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + statement.sql())) {
                    for (Map.Entry<Integer, Object> param : statement.params().entrySet()) {
                        ps.setObject(param.getKey(), param.getValue());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        plan = PlanNode.of(JSON.readTree(rs.getString(1)).get(0).get("Plan"));
                    }
                }
                for (PlanNode node : plan.all()) {
                    if (node.type().equals("Hash Join") || node.type().equals("Merge Join")) {
                        problems.add(read + ": joins by " + node.type() + "\n" + statement.sql() + "\n" + plan);
                    }
                    if (noScans && node.type().equals("Seq Scan") && "jqueue_jobs".equals(node.relation())) {
                        problems.add(read + ": scans jqueue_jobs\n" + statement.sql() + "\n" + plan);
                    }
                }
                // With an exact task the task's index may drive instead (bounded by that task's jobs).
                if (statement.sql().contains("f.exception_class = ?") && statement.sql().contains("ORDER BY")
                        && !statement.sql().contains("j.task_path = ?")
                        && plan.all().stream().noneMatch(n -> "jqueue_fe_class_created_idx".equals(n.index())
                        || "jqueue_fe_created_job_idx".equals(n.index()))) {
                    problems.add(read + ": failed rows of a class not read through a failed index\n" + plan);
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        return problems;
    }

    /** A DataSource whose statements are recorded (SQL and parameters) before they run. */
    private DataSource capturing(DataSource delegate) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, delegate, args);
                    return result instanceof Connection c ? capturing(c) : result;
                });
    }

    private Connection capturing(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, connection, args);
                    if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
                        Captured statement = new Captured((String) args[0], new TreeMap<>());
                        captured.add(statement);
                        return capturing(ps, statement);
                    }
                    if (method.getName().equals("createStatement") && result instanceof java.sql.Statement plain) {
                        return capturing(plain); // the planner settings are sent this way
                    }
                    return result;
                });
    }

    private java.sql.Statement capturing(java.sql.Statement plain) {
        return (java.sql.Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{java.sql.Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                        captured.add(new Captured(sql, new TreeMap<>()));
                    }
                    return invoke(method, plain, args);
                });
    }

    private PreparedStatement capturing(PreparedStatement ps, Captured statement) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{PreparedStatement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i) {
                        statement.params().put(i, args[1]);
                    }
                    return invoke(method, ps, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
