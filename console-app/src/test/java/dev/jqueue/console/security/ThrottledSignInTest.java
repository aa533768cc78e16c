package dev.jqueue.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.audit.AuditEvent;
import dev.jqueue.audit.AuditLog;
import dev.jqueue.backend.Backends;
import dev.jqueue.console.TestDataDirectory;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Guessing passwords over real HTTP: after three failures the name is locked out, the right
 * password is refused too while it lasts, the login page is told so in the same words for a
 * real and a made-up name, and every failure is logged and audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/throttle",
        "jqueue.console.security.login.max-failures-per-user=3",
        "jqueue.console.security.login.max-failures-per-address=50",
        "jqueue.console.security.login.lockout=10m",
        "jqueue.console.security.login.max-lockout=30m",
        "jqueue.console.users[0].username=admin",
        "jqueue.console.users[0].password={noop}the-right-password",
        "jqueue.console.users[0].role=ADMIN",
        "jqueue.console.users[1].username=operator",
        "jqueue.console.users[1].password={noop}operator-password",
        "jqueue.console.users[1].role=OPERATOR"})
@ExtendWith(OutputCaptureExtension.class)
class ThrottledSignInTest {

    static {
        TestDataDirectory.fresh("throttle");
    }

    @LocalServerPort
    int port;

    @Autowired
    Backends backends;


    @Test
    void threeWrongPasswordsLockTheNameOutAndTheRightOneIsRefusedUntilItEnds(CapturedOutput output) {
        assertThat(login("admin", "guess-1")).isEqualTo("/login?error");
        assertThat(login("admin", "guess-2")).isEqualTo("/login?error");
        assertThat(login("admin", "guess-3")).isEqualTo("/login?locked=10");

        assertThat(login("admin", "the-right-password")).as("locked: the password is not even checked")
                .isEqualTo("/login?locked=10");
        assertThat(output).contains("console.sign-in.failed user=admin", "console.sign-in.locked user=admin",
                "console.sign-in.throttled user=admin");

        List<AuditEvent> refused = audit("admin", AuditEvent.REFUSED);
        assertThat(refused).hasSize(4).allSatisfy(event -> {
            assertThat(event.action()).isEqualTo("sign-in");
            assertThat(event.targetType()).isEqualTo("address");
            assertThat(event.target()).isNotBlank();
        });
        assertThat(refused.getFirst().detail()).contains("locked out until").contains("password not checked");
        assertThat(audit("admin", AuditEvent.SUCCESS)).isEmpty();
    }

    @Test
    void aMadeUpNameIsToldExactlyWhatARealOneIsTold() {
        for (int i = 1; i <= 3; i++) {
            assertThat(login("nobody-by-this-name", "guess-" + i)).isEqualTo(i < 3 ? "/login?error" : "/login?locked=10");
        }
        assertThat(login("nobody-by-this-name", "guess-4")).isEqualTo("/login?locked=10");
    }

    @Test
    void aSuccessfulSignInIsAuditedAndClearsTheNamesCount() {
        assertThat(login("operator", "wrong-1")).isEqualTo("/login?error");
        assertThat(login("operator", "wrong-2")).isEqualTo("/login?error");
        assertThat(login("Operator", "operator-password")).as("names ignore case").isEqualTo("/");

        assertThat(login("operator", "wrong-3")).isEqualTo("/login?error");
        assertThat(login("operator", "wrong-4")).as("counted afresh after the success").isEqualTo("/login?error");
        assertThat(audit("operator", AuditEvent.SUCCESS)).singleElement().satisfies(event -> {
            assertThat(event.role()).isEqualTo("OPERATOR");
            assertThat(event.detail()).isEqualTo("signed in");
        });
        assertThat(audit("operator", AuditEvent.REFUSED)).extracting(AuditEvent::detail)
                .contains("sign-in failed (1 failure(s) of this user name)", "sign-in failed (2 failure(s) of this user name)");
    }

    private List<AuditEvent> audit(String actor, String outcome) {
        return new AuditLog(backends.primary().context().db).search(actor, "sign-in", outcome, null, null, null, 0, 50);
    }

    /** Submits the login form (a fresh browser each time) and returns where the console sends it. */
    private String login(String username, String password) {
        HttpResponse<String> response = new ConsoleHttp(port).login(username, password);
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
    }
}
