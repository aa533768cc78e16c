package dev.jqueue.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.JQueue;
import dev.jqueue.JobState;
import dev.jqueue.TaskResult;
import dev.jqueue.TaskStatus;
import dev.jqueue.backend.Backend;
import dev.jqueue.examples.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The example application's orders (JPA entities, Spring Data repositories, Boot's
 * {@link JpaTransactionManager}) with jqueue on the same database and an embedded worker. Each
 * subclass names a database; the tests are the same on all of them. Counts are read on
 * connections of their own, never the transaction's, and scoped to the rows a test wrote (the
 * worker of the cached context keeps running between tests).
 */
@SpringBootTest(properties = {
        "jqueue.embedded.enabled=true",
        "jqueue.backends.default.workers[0].threads=2"})
abstract class OrdersJpaContract {

    @Autowired
    Orders orders;
    @Autowired
    OrderTasks orderTasks;
    @Autowired
    CustomerRepository customers;
    @Autowired
    PurchaseOrderRepository purchaseOrders;
    @Autowired
    JQueue jqueue;
    @Autowired
    DataSource dataSource;
    @Autowired
    Outbox outbox;
    @Autowired
    PlatformTransactionManager transactionManager;

    private TransactionTemplate transactions() {
        return new TransactionTemplate(transactionManager);
    }

    private Customer customer(long creditLimitCents) {
        return customers.save(new Customer("Ada " + UUID.randomUUID(), "ada@example.com", creditLimitCents));
    }

    @Test
    void bootConfiguredTheJpaTransactionManager() {
        assertThat(transactionManager).isInstanceOf(JpaTransactionManager.class);
    }

    @Test
    void anOrderAndItsConfirmationJobCommitTogetherAndTheWorkerConfirmsItThroughTheRepositories() throws Exception {
        Customer customer = customer(10_000);
        AtomicReference<Orders.Placed> placed = new AtomicReference<>();
        transactions().executeWithoutResult(status -> {
            placed.set(orders.place(customer.getId(), "book", 2_500));
            // The caller's transaction is still open: nobody else sees the order or the job yet.
            assertThat(countOrders(placed.get().orderId())).isZero();
            assertThat(countJobs(placed.get().confirmationJob())).isZero();
        });
        assertThat(countOrders(placed.get().orderId())).isEqualTo(1);
        assertThat(countJobs(placed.get().confirmationJob())).isEqualTo(1);

        TaskResult result = awaitFinished(placed.get().confirmationJob());
        assertThat(result.status()).isEqualTo(TaskStatus.SUCCESSFUL);
        assertThat(result.returnValue()).isEqualTo("CONFIRMED");
        PurchaseOrder confirmed = purchaseOrders.findById(placed.get().orderId()).orElseThrow();
        assertThat(confirmed.getStatus()).isEqualTo(PurchaseOrder.Status.CONFIRMED);
        assertThat(confirmed.getConfirmedAt()).isNotNull();
        assertThat(customers.findById(customer.getId()).orElseThrow().getConfirmedOrders()).isEqualTo(1);
    }

    @Test
    void aFailedOrderRollsBackItsJobToo() {
        Customer customer = customer(1_000);
        long ordersBefore = purchaseOrders.count();
        long jobsBefore = countConfirmationJobs();
        assertThatThrownBy(() -> orders.place(customer.getId(), "piano", 500_000))
                .isInstanceOf(CreditLimitExceeded.class);
        assertThat(purchaseOrders.count()).isEqualTo(ordersBefore);
        assertThat(countConfirmationJobs()).as("the job was written in the rolled-back transaction").isEqualTo(jobsBefore);

        transactions().executeWithoutResult(status -> {
            orders.place(customer.getId(), "pen", 100);
            status.setRollbackOnly();
        });
        assertThat(purchaseOrders.count()).isEqualTo(ordersBefore);
        assertThat(countConfirmationJobs()).isEqualTo(jobsBefore);
    }

    @Test
    void enqueueOnCommitWritesNothingWhenTheTransactionRollsBack() {
        Customer customer = customer(10_000);
        AtomicReference<Long> orderId = new AtomicReference<>();
        transactions().executeWithoutResult(status -> {
            orderId.set(orders.placeWithReceipt(customer.getId(), "lamp", 900));
            status.setRollbackOnly();
        });
        assertThat(countOrders(orderId.get())).isZero();
        assertThat(countReceiptJobs(orderId.get())).isZero();
    }

    @Test
    void enqueueOnCommitWritesInATransactionOfItsOwnRightAfterTheCommit() throws Exception {
        Customer customer = customer(10_000);
        AtomicReference<Long> orderId = new AtomicReference<>();
        List<String> seenAfterCommit = new ArrayList<>();
        transactions().executeWithoutResult(status -> {
            orderId.set(orders.placeWithReceipt(customer.getId(), "chair", 4_000));
            assertThat(countReceiptJobs(orderId.get())).as("nothing before the commit").isZero();
            // Runs after jqueue's after-commit write, while Spring still has the committed
            // transaction's resources bound: the job must already be committed on its own.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    seenAfterCommit.add("receipt jobs " + countReceiptJobs(orderId.get())
                            + ", orders " + countOrders(orderId.get()));
                }
            });
        });
        assertThat(seenAfterCommit).containsExactly("receipt jobs 1, orders 1");

        long direct = orders.placeWithReceipt(customer.getId(), "desk", 3_000); // its own @Transactional
        assertThat(countReceiptJobs(direct)).isEqualTo(1);
        String receipt = "receipt for order " + direct + " -> user " + customer.getId();
        await("the worker to send " + receipt, () -> outbox.delivered().contains(receipt));
    }

    @Test
    void aTaskBodyLoadsAndUpdatesEntitiesThroughTheRepositoriesOnTheWorker() throws Exception {
        Customer customer = customer(100_000);
        List<UUID> jobs = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Orders.Placed placed = orders.place(customer.getId(), "item " + i, 1_000);
            jobs.add(placed.confirmationJob());
            ids.add(placed.orderId());
        }
        for (UUID job : jobs) {
            TaskResult result = awaitFinished(job);
            assertThat(result.status()).as(result.toString()).isEqualTo(TaskStatus.SUCCESSFUL);
            assertThat(result.attempts()).as("run once by the embedded worker").isEqualTo(1);
        }
        assertThat(purchaseOrders.findAllById(ids)).extracting(PurchaseOrder::getStatus)
                .containsOnly(PurchaseOrder.Status.CONFIRMED);
        assertThat(customers.findById(customer.getId()).orElseThrow().getConfirmedOrders()).isEqualTo(3);
        assertThat(purchaseOrders.openAmountCents(customer.getId())).isZero();
    }

    // ------------------------------------------------------------------ helpers

    long countOrders(long orderId) {
        return count("SELECT COUNT(*) FROM example_orders WHERE id = ?", ps -> ps.setLong(1, orderId));
    }

    long countJobs(UUID jobId) {
        return count("SELECT COUNT(*) FROM jqueue_jobs WHERE id = ?", ps -> dialect().setUuid(ps, 1, jobId));
    }

    long countConfirmationJobs() {
        return count("SELECT COUNT(*) FROM jqueue_jobs WHERE task_path = ?",
                ps -> ps.setString(1, OrderTasks.class.getName() + ".confirm"));
    }

    long countReceiptJobs(long orderId) {
        return count("SELECT COUNT(*) FROM jqueue_jobs WHERE " + dialect().jsonText("payload") + " LIKE ?",
                ps -> ps.setString(1, "%receipt for order " + orderId + "\"%"));
    }

    private dev.jqueue.sql.Dialect dialect() {
        return ((Backend) jqueue).context().dialect;
    }

    /** Binds a statement's parameters. */
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** On a connection of its own, so it sees only committed rows. */
    long count(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    TaskResult awaitFinished(UUID id) throws InterruptedException {
        await("job " + id + " to finish", () -> {
            TaskResult result = jqueue.getResult(id);
            return result.state() == JobState.FINISHED || result.state() == JobState.FAILED;
        });
        return jqueue.getResult(id);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
