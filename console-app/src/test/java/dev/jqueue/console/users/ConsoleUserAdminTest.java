package dev.jqueue.console.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.TestDataDirectory;
import dev.jqueue.console.actions.ActionRefused;
import dev.jqueue.console.security.ConsoleRole;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

/**
 * The Users page's service against the console's real SQLite database and Spring Security's
 * real authentication: what an admin changes is what signs in next, every change is audited,
 * the last admin stays, configured users stay read-only, and a lower role is refused.
 */
@SpringBootTest(properties = {
        "jqueue.console.data-dir=target/test-data/users",
        "jqueue.console.users[0].username=vera",
        "jqueue.console.users[0].password={noop}configured-viewer",
        "jqueue.console.users[0].role=VIEWER"})
class ConsoleUserAdminTest {

    static {
        TestDataDirectory.fresh("users");
    }

    @Autowired
    ConsoleUserAdmin admin;

    @Autowired
    Backends backends;

    @Autowired
    AuthenticationConfiguration authentication;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static void actAs(String name, String... roles) {
        var authorities = Arrays.stream(roles).map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null,
                authorities));
    }

    private Authentication signIn(String username, String password) throws Exception {
        AuthenticationManager manager = authentication.getAuthenticationManager();
        return manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
    }

    private List<AuditEvent> audited(String action) {
        return new AuditLog(backends.primary().context().db).search("ada", action, null, null, null, null, 0, 100);
    }

    @Test
    void aCreatedUserSignsInWithItsRoleAndTheChangeIsAudited() throws Exception {
        actAs("ada", "ADMIN");

        assertThat(admin.create("  Olga.Ops@example.com ", ConsoleRole.OPERATOR, "correct horse battery").message())
                .isEqualTo("created user olga.ops@example.com (Operator)");

        Authentication olga = signIn("OLGA.OPS@example.com", "correct horse battery");
        assertThat(olga.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .contains("ROLE_VIEWER", "ROLE_OPERATOR").doesNotContain("ROLE_ADMIN");
        assertThat(admin.list()).filteredOn(row -> row.username().equals("olga.ops@example.com")).singleElement()
                .satisfies(row -> {
                    assertThat(row.configured()).isFalse();
                    assertThat(row.enabled()).isTrue();
                    assertThat(row.updatedBy()).isEqualTo("ada");
                });
        assertThat(audited("create-user")).filteredOn(e -> e.target().equals("olga.ops@example.com")).singleElement()
                .satisfies(event -> {
                    assertThat(event.outcome()).isEqualTo(AuditEvent.SUCCESS);
                    assertThat(event.role()).isEqualTo("ADMIN");
                    assertThat(event.targetType()).isEqualTo("user");
                    assertThat(event.detail()).doesNotContain("correct horse");
                });
    }

    @Test
    void roleChangePasswordResetAndDisablingTakeEffectAtTheNextSignIn() throws Exception {
        actAs("ada", "ADMIN");
        admin.create("pete", ConsoleRole.VIEWER, "first password 1");

        admin.setRole("pete", ConsoleRole.OPERATOR);
        assertThat(signIn("pete", "first password 1").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .contains("ROLE_OPERATOR");

        admin.resetPassword("pete", "second password 2");
        assertThatThrownBy(() -> signIn("pete", "first password 1")).isInstanceOf(BadCredentialsException.class);
        assertThat(signIn("pete", "second password 2").isAuthenticated()).isTrue();

        assertThat(admin.setEnabled("pete", false).message()).isEqualTo("disabled pete");
        assertThatThrownBy(() -> signIn("pete", "second password 2")).isInstanceOf(DisabledException.class);
        admin.setEnabled("pete", true);
        assertThat(signIn("pete", "second password 2").isAuthenticated()).isTrue();

        assertThat(audited(null)).filteredOn(e -> e.target().equals("pete")).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder("create-user", "set-user-role", "reset-user-password", "disable-user",
                        "enable-user");
    }

    @Test
    void theLastEnabledAdminCanBeNeitherDemotedNorDisabled() {
        actAs("ada", "ADMIN");
        admin.create("root", ConsoleRole.ADMIN, "root password 1");

        assertThatThrownBy(() -> admin.setRole("root", ConsoleRole.OPERATOR)).isInstanceOf(UserChangeRefused.class)
                .hasMessageContaining("root is the last enabled admin");
        assertThatThrownBy(() -> admin.setEnabled("root", false)).isInstanceOf(UserChangeRefused.class)
                .hasMessageContaining("last enabled admin");
        assertThat(admin.list()).filteredOn(row -> row.username().equals("root")).singleElement()
                .satisfies(row -> assertThat(List.of(row.role(), row.enabled())).containsExactly(ConsoleRole.ADMIN, true));

        admin.create("second-root", ConsoleRole.ADMIN, "root password 2");
        admin.setRole("root", ConsoleRole.VIEWER);
        assertThatThrownBy(() -> admin.setEnabled("second-root", false)).isInstanceOf(UserChangeRefused.class);
        assertThat(audited("disable-user")).filteredOn(e -> e.target().equals("second-root")).singleElement()
                .satisfies(event -> assertThat(event.outcome()).isEqualTo(AuditEvent.ERROR));
    }

    @Test
    void configuredUsersAreReadOnlyAndTheirNamesTaken() {
        actAs("ada", "ADMIN");

        assertThatThrownBy(() -> admin.setRole("vera", ConsoleRole.ADMIN)).isInstanceOf(UserChangeRefused.class)
                .hasMessageContaining("comes from configuration (jqueue.console.users)");
        assertThatThrownBy(() -> admin.resetPassword("Vera", "a brand new password")).isInstanceOf(UserChangeRefused.class);
        assertThatThrownBy(() -> admin.create("vera", ConsoleRole.ADMIN, "a brand new password"))
                .hasMessage("A user named vera already exists");
        assertThat(admin.list().getFirst()).satisfies(row -> {
            assertThat(row.username()).isEqualTo("vera");
            assertThat(row.configured()).isTrue();
        });
    }

    @Test
    void badNamesAndPasswordsAreRefusedSayingWhy() {
        actAs("ada", "ADMIN");

        assertThatThrownBy(() -> admin.create("no spaces", ConsoleRole.VIEWER, "long enough password"))
                .hasMessageContaining("A user name is 1 to 100 lower-case letters");
        assertThatThrownBy(() -> admin.create("shorty", ConsoleRole.VIEWER, "too short"))
                .hasMessage("The password must have at least 12 characters");
        assertThatThrownBy(() -> admin.create("longy", ConsoleRole.VIEWER, "é".repeat(37)))
                .hasMessageContaining("at most 72 bytes");
        assertThatThrownBy(() -> admin.create("samename1234", ConsoleRole.VIEWER, "SameName1234"))
                .hasMessage("The password must not be the user name");
        assertThatThrownBy(() -> admin.resetPassword("ghost", "long enough password"))
                .hasMessage("There is no user named ghost");
        assertThat(admin.list()).extracting(UserRow::username).doesNotContain("no spaces", "shorty", "longy", "samename1234");
    }

    @Test
    void anOperatorForgingUserChangesIsRefusedAndAudited() {
        actAs("ada", "ADMIN");
        admin.create("quinn", ConsoleRole.VIEWER, "quinn's password");
        actAs("otto", "OPERATOR", "VIEWER");

        assertThatThrownBy(() -> admin.setRole("quinn", ConsoleRole.ADMIN)).isInstanceOf(ActionRefused.class)
                .hasMessageContaining("Admin");
        assertThatThrownBy(() -> admin.create("mallory", ConsoleRole.ADMIN, "mallory's password"))
                .isInstanceOf(ActionRefused.class);
        assertThatThrownBy(admin::list).isInstanceOf(AccessDeniedException.class);

        actAs("ada", "ADMIN");
        assertThat(admin.list()).filteredOn(row -> row.username().equals("quinn")).singleElement()
                .satisfies(row -> assertThat(row.role()).isEqualTo(ConsoleRole.VIEWER));
        assertThat(admin.list()).extracting(UserRow::username).doesNotContain("mallory");
        assertThat(new AuditLog(backends.primary().context().db).search("otto", null, AuditEvent.REFUSED, null, null,
                null, 0, 10)).extracting(AuditEvent::action).containsExactlyInAnyOrder("set-user-role", "create-user");
    }
}
