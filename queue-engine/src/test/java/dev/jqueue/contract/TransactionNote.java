package dev.jqueue.contract;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A business row written next to a job, to see both commit or roll back together. */
@Entity
@Table(name = "tx_test_notes")
public class TransactionNote {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String text;

    protected TransactionNote() {
    }

    public TransactionNote(String text) {
        this.text = text;
    }

    public Long id() {
        return id;
    }

    public String text() {
        return text;
    }
}
