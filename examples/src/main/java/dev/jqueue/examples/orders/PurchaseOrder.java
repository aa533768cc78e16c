package dev.jqueue.examples.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** An order a customer placed; a worker confirms it later. */
@Entity
@Table(name = "example_orders")
public class PurchaseOrder {

    /** Where an order is in its life. */
    public enum Status { PLACED, CONFIRMED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "customer_id", nullable = false)
    private Customer customer;

    @Column(nullable = false, length = 200)
    private String item;

    @Column(nullable = false)
    private long amountCents;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status = Status.PLACED;

    private Instant confirmedAt;

    protected PurchaseOrder() {
    }

    public PurchaseOrder(Customer customer, String item, long amountCents) {
        this.customer = customer;
        this.item = item;
        this.amountCents = amountCents;
    }

    public Long getId() {
        return id;
    }

    public Customer getCustomer() {
        return customer;
    }

    public String getItem() {
        return item;
    }

    public long getAmountCents() {
        return amountCents;
    }

    public Status getStatus() {
        return status;
    }

    public Instant getConfirmedAt() {
        return confirmedAt;
    }

    /** Marks the order confirmed (once); true if it was not confirmed before. */
    boolean confirm(Instant at) {
        if (status == Status.CONFIRMED) {
            return false;
        }
        status = Status.CONFIRMED;
        confirmedAt = at;
        return true;
    }
}
