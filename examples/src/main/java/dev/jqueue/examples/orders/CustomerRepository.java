package dev.jqueue.examples.orders;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data repository of customers. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

    /**
     * Counts a confirmed order in the database, not in a loaded entity: workers confirm a
     * customer's orders on several threads at once, and a read-modify-write of the loaded
     * counter would lose increments.
     */
    @Modifying
    @Query("update Customer c set c.confirmedOrders = c.confirmedOrders + 1 where c.id = :id")
    int countConfirmedOrder(@Param("id") long id);
}
