package dev.jqueue.contract;

import static dev.jqueue.testing.TestSql.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.jqueue.EnqueueRequest;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.backend.Backend;
import dev.jqueue.backend.BackendBuilder;
import dev.jqueue.testing.TestDatabase;
import dev.jqueue.testing.TestTasks;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * jqueue inside the application's Spring transactions, with both transaction managers Spring
 * Boot configures: {@link DataSourceTransactionManager} (JDBC) and {@link JpaTransactionManager}
 * (Hibernate), driven through {@link TransactionTemplate}. {@code enqueue} joins the
 * transaction (commits and rolls back with the business rows, invisible to others before the
 * commit); {@code enqueueOnCommit} and after-commit callbacks write in a transaction of their
 * own right after the commit, and nothing on rollback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringTransactionContract {

    /** The transaction manager a test runs under. */
    enum Manager { JDBC, JPA }

    protected abstract TestDatabase database();

    private HikariDataSource dataSource;
    private LocalContainerEntityManagerFactoryBean factoryBean;
    private EntityManagerFactory entityManagerFactory;
    private EntityManager entityManager;
    private JdbcTemplate jdbc;
    private Backend jqueue;

    @BeforeAll
    void startJpa() {
        dataSource = database().dataSource();
        factoryBean = new LocalContainerEntityManagerFactoryBean();
        factoryBean.setDataSource(dataSource);
        factoryBean.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factoryBean.setManagedTypes(PersistenceManagedTypes.of(TransactionNote.class.getName()));
        Map<String, Object> properties = new HashMap<>();
        properties.put("hibernate.hbm2ddl.auto", "update");
        if (database() == TestDatabase.SQLITE) {
            properties.put("hibernate.dialect", "org.hibernate.community.dialect.SQLiteDialect");
        }
        factoryBean.setJpaPropertyMap(properties);
        factoryBean.afterPropertiesSet();
        entityManagerFactory = factoryBean.getObject();
        entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    void stopJpa() {
        if (factoryBean != null) {
            factoryBean.destroy();
        }
    }

    @BeforeEach
    void setUp() {
        dataSource = database().dataSource();
        jdbc.update("DELETE FROM tx_test_notes");
        jqueue = BackendBuilder.on(dataSource).tasks(new TestTasks()).migrate(false).build();
    }

    private TransactionTemplate transactions(Manager manager) {
        PlatformTransactionManager transactionManager = manager == Manager.JDBC
                ? new DataSourceTransactionManager(dataSource)
                : new JpaTransactionManager(entityManagerFactory);
        return new TransactionTemplate(transactionManager);
    }

    /** A business row written the way this manager's application would write it. */
    private void writeNote(Manager manager, String text) {
        if (manager == Manager.JDBC) {
            jdbc.update("INSERT INTO tx_test_notes (text) VALUES (?)", text);
        } else {
            entityManager.persist(new TransactionNote(text));
            entityManager.flush();
        }
    }

    /** Counted on a connection of its own, never the transaction's. */
    private long committedJobs() {
        return count(dataSource, "SELECT COUNT(*) FROM jqueue_jobs");
    }

    private long committedReadyRows() {
        return count(dataSource, "SELECT COUNT(*) FROM jqueue_ready_executions");
    }

    private long committedNotes() {
        return count(dataSource, "SELECT COUNT(*) FROM tx_test_notes");
    }

    /** Runs {@code check} after every other after-commit callback registered so far. */
    private static void afterTheCommit(Runnable check) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                check.run();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void enqueueJoinsTheTransactionAndCommitsWithTheBusinessRows(Manager manager) {
        AtomicReference<UUID> id = new AtomicReference<>();
        transactions(manager).executeWithoutResult(status -> {
            assertThat(jqueue.context().db.callerTransactionActive()).as("joined under " + manager).isTrue();
            writeNote(manager, "order 1");
            id.set(jqueue.enqueue("test.echo", "joined").id());
            assertThat(jqueue.getResult(id.get()).state()).as("the transaction sees its own job").isEqualTo(JobState.READY);
            assertThat(committedJobs()).as("another connection sees no job before the commit").isZero();
            assertThat(committedNotes()).isZero();
        });
        assertThat(committedJobs()).isEqualTo(1);
        assertThat(committedReadyRows()).isEqualTo(1);
        assertThat(committedNotes()).isEqualTo(1);
        assertThat(jqueue.getResult(id.get()).state()).isEqualTo(JobState.READY);
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void enqueueRollsBackWithTheBusinessRows(Manager manager) {
        transactions(manager).executeWithoutResult(status -> {
            writeNote(manager, "order 2");
            jqueue.enqueue("test.echo", "rolled back");
            jqueue.enqueueAll(List.of(EnqueueRequest.of("test.echo", "a"), EnqueueRequest.of("test.echo", "b")));
            status.setRollbackOnly();
        });
        assertThat(committedJobs()).isZero();
        assertThat(committedReadyRows()).isZero();
        assertThat(committedNotes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void anExceptionRollsBackJobAndBusinessRows(Manager manager) {
        try {
            transactions(manager).executeWithoutResult(status -> {
                writeNote(manager, "order 3");
                jqueue.enqueue("test.echo", "thrown");
                throw new IllegalStateException("payment declined");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("payment declined");
        }
        assertThat(committedJobs()).isZero();
        assertThat(committedNotes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void enqueueOnCommitWritesNothingOnRollback(Manager manager) {
        transactions(manager).executeWithoutResult(status -> {
            writeNote(manager, "order 4");
            jqueue.enqueueOnCommit(EnqueueRequest.of("test.echo", "never"));
            status.setRollbackOnly();
        });
        assertThat(committedJobs()).isZero();
        assertThat(committedNotes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void enqueueOnCommitWritesInATransactionOfItsOwnRightAfterTheCommit(Manager manager) {
        List<String> seen = new ArrayList<>();
        transactions(manager).executeWithoutResult(status -> {
            writeNote(manager, "order 5");
            jqueue.enqueueOnCommit(TestTasks.class, t -> t.echo("after commit"));
            assertThat(committedJobs()).as("nothing before the commit").isZero();
            afterTheCommit(() -> {
                // The finished transaction still looks active here and its connection is bound;
                // the job must nevertheless be committed already, job row and ready row.
                seen.add("active=" + TransactionSynchronizationManager.isActualTransactionActive());
                seen.add("jobs=" + committedJobs() + " ready=" + committedReadyRows() + " notes=" + committedNotes());
            });
        });
        assertThat(seen).containsExactly("active=true", "jobs=1 ready=1 notes=1");
        assertThat(committedJobs()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void afterCommitCallbacksThatWriteOwnTheirTransaction(Manager manager) {
        List<String> seen = new ArrayList<>();
        AtomicReference<TaskResult> later = new AtomicReference<>();
        transactions(manager).executeWithoutResult(status -> {
            writeNote(manager, "order 6");
            jqueue.context().db.inTransaction(connection -> jqueue.enqueue("test.echo", "in the transaction"),
                    () -> later.set(jqueue.enqueue("test.echo", "from the callback")));
            afterTheCommit(() -> seen.add("jobs=" + committedJobs() + " ready=" + committedReadyRows()));
        });
        assertThat(later.get()).isNotNull();
        assertThat(seen).containsExactly("jobs=2 ready=2");
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void enqueueOnCommitCalledFromAnAfterCommitCallbackStillWrites(Manager manager) {
        transactions(manager).executeWithoutResult(status -> {
            writeNote(manager, "order 7");
            afterTheCommit(() -> jqueue.enqueueOnCommit(EnqueueRequest.of("test.echo", "late")));
        });
        assertThat(committedJobs()).isEqualTo(1);
    }

    /**
     * What {@code JtaTransactionManager} looks like from Spring's side: an actual transaction and
     * synchronization, no resource bound by the manager (the JTA coordinator owns the work).
     */
    private static final class SynchronizationOnlyTransactionManager
            extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }

    @Test
    void enqueueOnCommitUnderJtaStyleSynchronizationWritesAfterTheCommitOnAFreshConnection() {
        TransactionTemplate jtaStyle = new TransactionTemplate(new SynchronizationOnlyTransactionManager());
        jtaStyle.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT COUNT(*) FROM tx_test_notes", Long.class); // binds a connection, as JDBC code would
            jqueue.enqueueOnCommit(EnqueueRequest.of("test.echo", "never"));
            status.setRollbackOnly();
        });
        assertThat(committedJobs()).isZero();

        List<String> seen = new ArrayList<>();
        jtaStyle.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT COUNT(*) FROM tx_test_notes", Long.class);
            jqueue.enqueueOnCommit(EnqueueRequest.of("test.echo", "after commit"));
            assertThat(committedJobs()).isZero();
            afterTheCommit(() -> seen.add("jobs=" + committedJobs() + " ready=" + committedReadyRows()));
        });
        assertThat(seen).containsExactly("jobs=1 ready=1");
    }

    @ParameterizedTest
    @EnumSource(Manager.class)
    void aQueueOnAnotherDataSourceDoesNotShareTheTransaction(Manager manager) {
        assumeTrue(database().concurrentWriters(), "SQLite allows one writer: a second pool would wait for the first");
        try (HikariDataSource other = new HikariDataSource()) {
            other.setJdbcUrl(dataSource.getJdbcUrl());
            other.setUsername(dataSource.getUsername());
            other.setPassword(dataSource.getPassword());
            other.setMaximumPoolSize(2);
            Backend separate = BackendBuilder.on(other).tasks(new TestTasks()).migrate(false).build();
            transactions(manager).executeWithoutResult(status -> {
                writeNote(manager, "order 8");
                assertThat(separate.context().db.callerTransactionActive()).isFalse();
                separate.enqueue("test.echo", "own transaction");
                assertThat(committedJobs()).as("committed at once, on its own").isEqualTo(1);
                separate.enqueueOnCommit(EnqueueRequest.of("test.echo", "after the commit"));
                status.setRollbackOnly();
            });
            assertThat(committedNotes()).isZero();
            assertThat(committedJobs()).as("the job outlives the rollback; the on-commit one was never written")
                    .isEqualTo(1);
        }
    }
}
