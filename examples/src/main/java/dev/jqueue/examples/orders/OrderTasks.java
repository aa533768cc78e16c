package dev.jqueue.examples.orders;

import dev.jqueue.JQueueTask;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tasks whose bodies work on JPA entities. A worker runs them on its own thread, where the
 * method's {@code @Transactional} opens an ordinary JPA transaction; the worker holds no queue
 * connection meanwhile and records the outcome after the method returns.
 */
@Service
public class OrderTasks {

    private final PurchaseOrderRepository orders;
    private final CustomerRepository customers;
    private final Clock clock = Clock.systemUTC();

    public OrderTasks(PurchaseOrderRepository orders, CustomerRepository customers) {
        this.orders = orders;
        this.customers = customers;
    }

    /** Loads the order, confirms it and counts it on its customer; returns the new status. */
    @JQueueTask(queue = "orders")
    @Transactional
    public String confirm(long orderId) {
        PurchaseOrder order = orders.findById(orderId)
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " does not exist"));
        if (order.confirm(clock.instant())) {
            customers.countConfirmedOrder(order.getCustomer().getId());
        }
        return order.getStatus().name();
    }
}
