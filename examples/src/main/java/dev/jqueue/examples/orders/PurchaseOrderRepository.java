package dev.jqueue.examples.orders;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data repository of orders. */
public interface PurchaseOrderRepository extends JpaRepository<PurchaseOrder, Long> {

    /** What a customer owes for orders not yet confirmed, in cents. */
    @Query("SELECT COALESCE(SUM(o.amountCents), 0) FROM PurchaseOrder o "
            + "WHERE o.customer.id = :customerId AND o.status = dev.jqueue.examples.orders.PurchaseOrder.Status.PLACED")
    long openAmountCents(long customerId);
}
