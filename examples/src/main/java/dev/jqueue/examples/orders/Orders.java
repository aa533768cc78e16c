package dev.jqueue.examples.orders;

import dev.jqueue.JQueue;
import dev.jqueue.examples.Mailer;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Placing orders: JPA entities through Spring Data repositories and jqueue jobs in one
 * {@code @Transactional} method, run by the {@code JpaTransactionManager} Spring Boot configures.
 */
@Service
public class Orders {

    /** What {@link #place} wrote: the order and the job that will confirm it. */
    public record Placed(long orderId, UUID confirmationJob) {
    }

    private final CustomerRepository customers;
    private final PurchaseOrderRepository orders;
    private final JQueue jqueue;

    public Orders(CustomerRepository customers, PurchaseOrderRepository orders, JQueue jqueue) {
        this.customers = customers;
        this.orders = orders;
        this.jqueue = jqueue;
    }

    /**
     * Saves the order and enqueues its confirmation in the same transaction: the job row is
     * written on the transaction's connection, so it commits with the order, or rolls back
     * with it, here when the order takes the customer over their credit limit.
     */
    @Transactional
    public Placed place(long customerId, String item, long amountCents) {
        Customer customer = customers.findById(customerId)
                .orElseThrow(() -> new IllegalArgumentException("no customer " + customerId));
        PurchaseOrder order = orders.saveAndFlush(new PurchaseOrder(customer, item, amountCents));
        long orderId = order.getId();
        UUID job = jqueue.enqueue(OrderTasks.class, tasks -> tasks.confirm(orderId)).id();
        long open = orders.openAmountCents(customerId);
        if (open > customer.getCreditLimitCents()) {
            throw new CreditLimitExceeded(customerId, open, customer.getCreditLimitCents());
        }
        return new Placed(orderId, job);
    }

    /**
     * Saves the order and sends the receipt only once the order is committed: {@code
     * enqueueOnCommit} writes nothing if this transaction rolls back, and writes the job in a
     * transaction of its own right after the commit. (Use it for work that must not start before
     * the data it reads is visible, or when the queue lives on another database.)
     */
    @Transactional
    public long placeWithReceipt(long customerId, String item, long amountCents) {
        Customer customer = customers.findById(customerId)
                .orElseThrow(() -> new IllegalArgumentException("no customer " + customerId));
        long orderId = orders.save(new PurchaseOrder(customer, item, amountCents)).getId();
        jqueue.enqueueOnCommit(Mailer.class, mailer -> mailer.deliver("receipt for order " + orderId, customerId));
        return orderId;
    }
}
