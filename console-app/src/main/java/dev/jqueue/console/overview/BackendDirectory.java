package dev.jqueue.console.overview;

import dev.jqueue.JQueue;
import dev.jqueue.backend.Backends;
import dev.jqueue.config.JQueueProperties;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.stereotype.Service;

/** The configured backends as the console presents them: aliases, handles and facts. */
@Service
public class BackendDirectory {

    private final Backends backends;
    private final JQueueProperties properties;
    private final BeanFactory beans;
    private final Map<String, BackendFacts> facts = new ConcurrentHashMap<>();

    public BackendDirectory(Backends backends, JQueueProperties properties, BeanFactory beans) {
        this.backends = backends;
        this.properties = properties;
        this.beans = beans;
    }

    public List<String> aliases() {
        return backends.aliases();
    }

    public String primaryAlias() {
        return backends.primary().backend();
    }

    public boolean exists(String alias) {
        return backends.aliases().contains(alias);
    }

    public JQueue backend(String alias) {
        return backends.jqueue(alias);
    }

    /** Facts do not change while the console runs, so they are read once per backend. */
    public BackendFacts facts(String alias) {
        return facts.computeIfAbsent(alias, this::readFacts);
    }

    private BackendFacts readFacts(String alias) {
        boolean embedded = properties.embedded().enabled() && properties.embedded().backend().equals(alias);
        return new BackendFacts(alias, describeDatabase(alias), embedded);
    }

    private String describeDatabase(String alias) {
        String beanName = backends.properties(alias).database();
        DataSource dataSource = beanName == null
                ? beans.getBean(DataSource.class) : beans.getBean(beanName, DataSource.class);
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            return metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
        } catch (SQLException e) {
            return "database unreachable (" + e.getMessage() + ")";
        }
    }
}
