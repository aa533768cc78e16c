package dev.jqueue.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.console.ConsoleProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class ConfiguredUsersTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void bcryptUserGetsItsRoleAndTheRolesBelow() {
        String hash = ENCODER.encode("s3cret");
        List<UserDetails> users = ConfiguredUsers.from(properties(new ConsoleProperties.User("alice", hash, ConsoleRole.OPERATOR)));

        UserDetails alice = users.getFirst();
        assertThat(hash).startsWith("{bcrypt}");
        assertThat(ENCODER.matches("s3cret", alice.getPassword())).isTrue();
        assertThat(alice.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_OPERATOR");
    }

    @Test
    void plainTextNeedsTheNoopPrefix() {
        assertThat(ConfiguredUsers.from(properties(new ConsoleProperties.User("bob", "{noop}pw", ConsoleRole.VIEWER))))
                .hasSize(1);
        assertThatThrownBy(() -> ConfiguredUsers.from(properties(new ConsoleProperties.User("bob", "pw", ConsoleRole.VIEWER))))
                .hasMessageContaining("jqueue.console.users[0].password").hasMessageContaining("{bcrypt}");
    }

    @Test
    void malformedHashIsRefused() {
        assertThatThrownBy(() -> ConfiguredUsers.from(properties(
                new ConsoleProperties.User("carol", "{bcrypt}not-a-hash", ConsoleRole.ADMIN))))
                .hasMessageContaining("not a bcrypt hash");
    }

    @Test
    void duplicateAndBlankNamesAreRefused() {
        ConsoleProperties.User dave = new ConsoleProperties.User("dave", "{noop}x", ConsoleRole.VIEWER);
        assertThatThrownBy(() -> ConfiguredUsers.from(properties(dave, dave)))
                .hasMessageContaining("jqueue.console.users[1].username 'dave' is configured twice");
        assertThatThrownBy(() -> ConfiguredUsers.from(properties(new ConsoleProperties.User(" ", "{noop}x", ConsoleRole.VIEWER))))
                .hasMessageContaining("jqueue.console.users[0].username is missing");
    }

    @Test
    void noConfiguredUsersIsNoErrorHereTheStoredOnesMayExist() {
        assertThat(ConfiguredUsers.from(properties())).isEmpty();
    }

    @Test
    void highestRoleIsShown() {
        assertThat(ConsoleRole.highestOf(List.of("ROLE_VIEWER", "ROLE_ADMIN", "ROLE_OPERATOR"))).contains(ConsoleRole.ADMIN);
        assertThat(ConsoleRole.highestOf(List.of("VIEWER"))).contains(ConsoleRole.VIEWER);
        assertThat(ConsoleRole.highestOf(List.of("ROLE_SOMETHING_ELSE"))).isEmpty();
    }

    private static ConsoleProperties properties(ConsoleProperties.User... users) {
        return ConsoleProperties.withUsers(List.of(users));
    }
}
