package dev.jqueue.console.users;

import dev.jqueue.console.security.ConsoleRole;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

/** The stored console users (names are kept in lower case). */
public interface ConsoleUserRepository extends JpaRepository<ConsoleUser, Long> {

    Optional<ConsoleUser> findByUsername(String username);

    List<ConsoleUser> findAllByOrderByUsernameAsc();

    /** The enabled admins, locked, so two admins demoting each other cannot both pass the last-admin check. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    List<ConsoleUser> findByRoleAndEnabledTrue(ConsoleRole role);
}
