package dev.jqueue.examples.orders;

/** An order would take the customer past their credit limit: the transaction rolls back. */
public class CreditLimitExceeded extends RuntimeException {
    public CreditLimitExceeded(long customerId, long openCents, long limitCents) {
        super("customer " + customerId + " would owe " + openCents + " cents, over the limit of " + limitCents);
    }
}
