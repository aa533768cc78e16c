package dev.jqueue.console.security.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.console.ConsoleProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The lock-out rules, on a clock the test moves. */
class LoginThrottleTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final ConsoleProperties.Login SETTINGS = new ConsoleProperties.Login(3, 5, Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofHours(1));

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(SETTINGS, clock);

    @Test
    void aNameIsLockedAtItsLimitAndEachFurtherFailureDoublesTheLockUpToTheMaximum() {
        assertThat(throttle.recordFailure("alice", "10.0.0.1").lockedUntil()).isEmpty();
        assertThat(throttle.recordFailure("alice", "10.0.0.2").lockedUntil()).isEmpty();

        LoginThrottle.Outcome third = throttle.recordFailure("alice", "10.0.0.3");

        assertThat(third.userFailures()).isEqualTo(3);
        assertThat(third.lockedUntil()).contains(START.plus(Duration.ofMinutes(1)));
        assertThat(throttle.lockedUntil("ALICE ", "192.168.1.1")).as("names ignore case and blanks, any address")
                .contains(START.plus(Duration.ofMinutes(1)));

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(throttle.lockedUntil("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.recordFailure("alice", "10.0.0.4").lockedUntil()).contains(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(throttle.recordFailure("alice", "10.0.0.5").lockedUntil()).contains(clock.instant().plus(Duration.ofMinutes(4)));
        assertThat(throttle.recordFailure("alice", "10.0.0.6").lockedUntil()).as("capped at max-lockout")
                .contains(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void anAddressIsLockedAfterItsLimitWhateverNamesItTries() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("user" + i, "10.0.0.9");
        }
        assertThat(throttle.lockedUntil("someone-new", "10.0.0.9")).isEmpty();

        throttle.recordFailure("user4", "10.0.0.9");

        assertThat(throttle.lockedUntil("someone-new", "10.0.0.9")).contains(START.plus(Duration.ofMinutes(1)));
        assertThat(throttle.lockedUntil("someone-new", "10.0.0.10")).isEmpty();
    }

    @Test
    void unknownAndRealNamesAreCountedAlike() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("no-such-user", "10.0.1.1");
            throttle.recordFailure("admin", "10.0.1.2");
        }

        assertThat(throttle.lockedUntil("no-such-user", "10.9.9.9")).isEqualTo(throttle.lockedUntil("admin", "10.9.9.9"));
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddress() {
        throttle.recordFailure("bob", "10.0.2.1");
        throttle.recordFailure("bob", "10.0.2.1");
        throttle.recordSuccess("bob");

        assertThat(throttle.recordFailure("bob", "10.0.2.1").userFailures()).isEqualTo(1);
        throttle.recordFailure("carol", "10.0.2.1");
        assertThat(throttle.recordFailure("dave", "10.0.2.1").lockedUntil()).as("the address kept its 5 failures")
                .isPresent();
    }

    @Test
    void countsIdleLongerThanForgetAfterStartAgain() {
        throttle.recordFailure("erin", "10.0.3.1");
        throttle.recordFailure("erin", "10.0.3.1");
        clock.advance(Duration.ofHours(1).plusSeconds(1));

        assertThat(throttle.recordFailure("erin", "10.0.3.1").userFailures()).isEqualTo(1);
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new ConsoleProperties.Login(0, 5, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofHours(1))).hasMessageContaining("jqueue.console.security.login.max-failures-per-user");
        assertThatThrownBy(() -> new ConsoleProperties.Login(3, 5, Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofHours(1))).hasMessageContaining("jqueue.console.security.login.max-lockout");
        assertThatThrownBy(() -> new ConsoleProperties.Login(3, 5, Duration.ZERO, Duration.ofMinutes(5),
                Duration.ofHours(1))).hasMessageContaining("jqueue.console.security.login.lockout");
    }

    private static final class MovableClock extends Clock {
        private Instant now = START;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
