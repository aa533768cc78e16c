package dev.jqueue.observability;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * A DataSource whose connections replace one piece of every SQL text they prepare or run, so
 * that a test can make the database itself refuse one statement (say, by misnaming a view).
 */
final class RewritingDataSource {

    private RewritingDataSource() {
    }

    static DataSource of(DataSource target, String find, String replacement) {
        return proxy(DataSource.class, target, (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection ? connection(connection, find, replacement) : result;
        });
    }

    private static Connection connection(Connection target, String find, String replacement) {
        return proxy(Connection.class, target, (proxy, method, args) -> {
            if (args != null && args.length > 0 && args[0] instanceof String sql
                    && (method.getName().startsWith("prepare") || method.getName().equals("nativeSQL"))) {
                args[0] = sql.replace(find, replacement);
            }
            Object result = invoke(target, method, args);
            if (result instanceof java.sql.Statement statement && method.getName().equals("createStatement")) {
                return proxy(java.sql.Statement.class, statement, (p, m, a) -> {
                    if (a != null && a.length > 0 && a[0] instanceof String sql && m.getName().startsWith("execute")) {
                        a[0] = sql.replace(find, replacement);
                    }
                    return invoke(statement, m, a);
                });
            }
            return result;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(RewritingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
