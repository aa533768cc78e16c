package dev.jqueue.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts what the engine sends: statement executions (a JDBC batch counts once per statement
 * in it, as the server runs each) and commits. Divided by the jobs, it gives the statements
 * per job of a scenario; the counting itself is a few atomic increments per call.
 */
final class CountingDataSource extends DelegatingDataSource {

    final AtomicLong statements = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong commits = new AtomicLong();

    CountingDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws java.sql.SQLException {
        return wrap(super.getConnection());
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                handler(connection, (proxy, method, args) -> {
                    Object result = method.invoke(connection, args);
                    if (method.getName().equals("commit")) {
                        commits.incrementAndGet();
                    }
                    if (result instanceof Statement statement) {
                        return wrapStatement(statement, method.getReturnType());
                    }
                    return result;
                }));
    }

    private Object wrapStatement(Statement statement, Class<?> type) {
        int[] pending = new int[1];
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type},
                handler(statement, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("addBatch")) {
                        pending[0]++;
                    } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                        statements.addAndGet(pending[0]);
                        batches.incrementAndGet();
                        pending[0] = 0;
                    } else if (name.startsWith("execute")) {
                        statements.incrementAndGet();
                    }
                    return method.invoke(statement, args);
                }));
    }

    private static InvocationHandler handler(Object target, InvocationHandler body) {
        return (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> type
                    && type.isInstance(target)) {
                return target;
            }
            try {
                return body.invoke(proxy, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
