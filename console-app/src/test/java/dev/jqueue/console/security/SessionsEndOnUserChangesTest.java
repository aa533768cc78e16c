package dev.jqueue.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.console.TestDataDirectory;
import dev.jqueue.console.users.ConsoleUserAdmin;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A change to a stored user ends the sessions that user is signed in with, over real HTTP: the
 * next page request goes to the login page and the next API request gets 401, so a demoted or
 * disabled user keeps no old rights, and a new password applies at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/sessions",
        "jqueue.console.users[0].username=admin",
        "jqueue.console.users[0].password={noop}admin-password",
        "jqueue.console.users[0].role=ADMIN"})
class SessionsEndOnUserChangesTest {

    static {
        TestDataDirectory.fresh("sessions");
    }

    @LocalServerPort
    int port;

    @Autowired
    ConsoleUserAdmin admin;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static void actAsAdmin() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin",
                null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
    }

    @Test
    void demotingAUserEndsTheirSessionAndTheySignInWithTheNewRole() {
        actAsAdmin();
        admin.create("sam", ConsoleRole.OPERATOR, "sam's own password");
        ConsoleHttp sam = new ConsoleHttp(port);
        ConsoleHttp bystander = new ConsoleHttp(port);
        assertThat(sam.login("sam", "sam's own password").statusCode()).isEqualTo(302);
        assertThat(bystander.login("admin", "admin-password").statusCode()).isEqualTo(302);
        assertThat(sam.get("jqueue/stats.json").statusCode()).isEqualTo(200);
        assertThat(sam.get("").statusCode()).isEqualTo(200);

        assertThat(admin.setRole("sam", ConsoleRole.VIEWER).message())
                .isEqualTo("changed the role of sam from Operator to Viewer and signed them out (1 session(s))");

        assertThat(sam.get("jqueue/stats.json").statusCode()).isEqualTo(401);
        assertThat(sam.get("").headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
        assertThat(bystander.get("").statusCode()).as("other users stay signed in").isEqualTo(200);
    }

    @Test
    void disablingAUserEndsTheirSession() {
        actAsAdmin();
        admin.create("dora", ConsoleRole.VIEWER, "dora's own password");
        ConsoleHttp dora = new ConsoleHttp(port);
        assertThat(dora.login("dora", "dora's own password").statusCode()).isEqualTo(302);
        assertThat(dora.get("").statusCode()).isEqualTo(200);

        admin.setEnabled("dora", false);

        assertThat(dora.get("").statusCode()).isEqualTo(302);
        assertThat(dora.login("dora", "dora's own password").headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/login?error"));
    }
}
