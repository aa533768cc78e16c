package dev.jqueue.examples.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer: business data the application owns, mapped with JPA. */
@Entity
@Table(name = "example_customers")
public class Customer {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, length = 200)
    private String email;

    /** The most this customer may have in unconfirmed orders, in cents. */
    @Column(nullable = false)
    private long creditLimitCents;

    /** How many of this customer's orders a worker has confirmed. */
    @Column(nullable = false)
    private int confirmedOrders;

    protected Customer() {
    }

    public Customer(String name, String email, long creditLimitCents) {
        this.name = name;
        this.email = email;
        this.creditLimitCents = creditLimitCents;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }

    public long getCreditLimitCents() {
        return creditLimitCents;
    }

    public int getConfirmedOrders() {
        return confirmedOrders;
    }
}
