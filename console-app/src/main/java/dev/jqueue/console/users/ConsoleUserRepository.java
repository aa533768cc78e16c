package dev.jqueue.console.users;

import dev.jqueue.console.security.ConsoleRole;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** The stored console users (names are kept in lower case). */
public interface ConsoleUserRepository extends JpaRepository<ConsoleUser, Long> {

    Optional<ConsoleUser> findByUsername(String username);

    List<ConsoleUser> findAllByOrderByUsernameAsc();

    /** The enabled admins, locked, so two admins demoting each other cannot both pass the last-admin check. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    List<ConsoleUser> findByRoleAndEnabledTrue(ConsoleRole role);

    /**
     * A write that changes nothing, run first in a change's transaction: on SQLite it takes the
     * database's write lock before anything is read, so the change waits for a worker's write
     * (busy timeout) instead of failing with SQLITE_BUSY_SNAPSHOT when it upgrades from reading.
     * Elsewhere it locks no row.
     */
    @Modifying
    @Query(value = "UPDATE jqueue_console_users SET enabled = enabled WHERE 1 = 0", nativeQuery = true)
    int takeWriteLock();
}
