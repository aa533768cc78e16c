package dev.jqueue.console.users;

import dev.jqueue.console.security.ConsoleRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A console user managed on the Users page: a row of {@code jqueue_console_users}. */
@Entity
@Table(name = "jqueue_console_users")
public class ConsoleUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100, unique = true)
    private String username;

    /** Spring Security's delegating format: {@code {bcrypt}$2a$10$…}. */
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ConsoleRole role;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Who made the last change (the admin's user name). */
    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    protected ConsoleUser() {
        // for JPA
    }

    ConsoleUser(String username, String passwordHash, ConsoleRole role, Instant now, String by) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = now;
        changed(now, by);
    }

    void changeRole(ConsoleRole role, Instant now, String by) {
        this.role = role;
        changed(now, by);
    }

    void changePassword(String passwordHash, Instant now, String by) {
        this.passwordHash = passwordHash;
        changed(now, by);
    }

    void changeEnabled(boolean enabled, Instant now, String by) {
        this.enabled = enabled;
        changed(now, by);
    }

    private void changed(Instant now, String by) {
        this.updatedAt = now;
        this.updatedBy = by;
    }

    public Long id() {
        return id;
    }

    public String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    public ConsoleRole role() {
        return role;
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String updatedBy() {
        return updatedBy;
    }
}
