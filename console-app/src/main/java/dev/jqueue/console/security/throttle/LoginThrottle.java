package dev.jqueue.console.security.throttle;

import dev.jqueue.console.ConsoleProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per user name and per client address and locks either out once it
 * reaches its limit: first for {@code lockout}, doubled by each further failure, at most
 * {@code maxLockout}. Names are counted whether or not such a user exists, so the lock-out says
 * nothing about which names are real. A successful sign-in clears the name's count (not the
 * address's: one valid account must not reset an address that guesses others). Counts idle for
 * {@code forgetAfter} are forgotten. Kept in memory: each console instance counts on its own.
 */
public class LoginThrottle {

    /** Entries beyond which idle ones are swept on the next failure (a flood of made-up names). */
    private static final int SWEEP_ABOVE = 10_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final ConsoleProperties.Login settings;
    private final Clock clock;
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    public LoginThrottle(ConsoleProperties.Login settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Until when a sign-in for this name or from this address is refused without checking the password. */
    public Optional<Instant> lockedUntil(String username, String address) {
        Instant now = clock.instant();
        Instant user = until(byUser.get(key(username)), now);
        Instant from = until(byAddress.get(address(address)), now);
        if (user == null) {
            return Optional.ofNullable(from);
        }
        return Optional.of(from == null || user.isAfter(from) ? user : from);
    }

    /**
     * Counts a failure for both the name and the address.
     *
     * @return the failures of this name so far and, if either is now locked out, until when
     */
    public Outcome recordFailure(String username, String address) {
        Instant now = clock.instant();
        sweepIfLarge(now);
        Failures user = byUser.compute(key(username), (k, previous) -> next(previous, now, settings.maxFailuresPerUser()));
        byAddress.compute(address(address), (k, previous) -> next(previous, now, settings.maxFailuresPerAddress()));
        return new Outcome(user.count(), lockedUntil(username, address));
    }

    /** A sign-in succeeded: the name starts afresh. */
    public void recordSuccess(String username) {
        byUser.remove(key(username));
    }

    /**
     * @param userFailures failures of this user name within the forget window, this one included
     * @param lockedUntil set when the name or the address is now locked out
     */
    public record Outcome(int userFailures, Optional<Instant> lockedUntil) {
    }

    private Failures next(Failures previous, Instant now, int limit) {
        int count = previous == null || forgotten(previous, now) ? 1 : previous.count() + 1;
        Instant lockedUntil = null;
        if (count >= limit) {
            lockedUntil = now.plus(lockout(count - limit));
        }
        return new Failures(count, now, lockedUntil);
    }

    /** {@code lockout × 2^extra}, capped at {@code maxLockout}. */
    private Duration lockout(int extra) {
        Duration lockout = settings.lockout();
        for (int i = 0; i < extra && lockout.compareTo(settings.maxLockout()) < 0; i++) {
            lockout = lockout.multipliedBy(2);
        }
        return lockout.compareTo(settings.maxLockout()) > 0 ? settings.maxLockout() : lockout;
    }

    private boolean forgotten(Failures failures, Instant now) {
        return failures.last().plus(settings.forgetAfter()).isBefore(now);
    }

    private Instant until(Failures failures, Instant now) {
        if (failures == null || failures.lockedUntil() == null || !failures.lockedUntil().isAfter(now)) {
            return null;
        }
        return failures.lockedUntil();
    }

    private void sweepIfLarge(Instant now) {
        for (Map<String, Failures> map : java.util.List.of(byUser, byAddress)) {
            if (map.size() > SWEEP_ABOVE) {
                map.values().removeIf(failures -> forgotten(failures, now));
            }
        }
    }

    /** Names are compared as the user types them, ignoring case and surrounding blanks. */
    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private static String address(String address) {
        return address == null ? "" : address;
    }
}
