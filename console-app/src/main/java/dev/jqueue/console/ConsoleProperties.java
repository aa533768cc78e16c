package dev.jqueue.console;

import dev.jqueue.console.security.ConsoleRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jqueue.console.*}: the console's own settings.
 *
 * @param dataDir directory of the default SQLite database file
 * @param users bootstrap users from configuration: always able to sign in, read-only in the console
 *     (the Users page manages the others, stored in {@code jqueue_console_users}); required while
 *     that table is empty
 * @param demo settings of the {@code demo} profile's job producer
 * @param security sign-in throttling and the headers of the pages
 * @param oidc how an OpenID Connect sign-in's groups become console roles
 */
@ConfigurationProperties("jqueue.console")
public record ConsoleProperties(
        @DefaultValue("./data") String dataDir,
        List<User> users,
        @DefaultValue Demo demo,
        @DefaultValue Security security,
        @DefaultValue Oidc oidc) {

    public ConsoleProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** Settings for code that only needs users (tests, tools). */
    public static ConsoleProperties withUsers(List<User> users) {
        return new ConsoleProperties("./data", users, new Demo(Duration.ofSeconds(2)), Security.defaults(), Oidc.defaults());
    }

    /**
     * One console user.
     *
     * @param username sign-in name
     * @param password {@code {bcrypt}<hash>}; plain text only as {@code {noop}<text>}, which logs a warning
     * @param role VIEWER (read only), OPERATOR (job and queue actions) or ADMIN (everything)
     */
    public record User(String username, String password, @DefaultValue("VIEWER") ConsoleRole role) {
    }

    /**
     * @param producerInterval how often the demo producer enqueues a handful of jobs
     */
    public record Demo(@DefaultValue("2s") Duration producerInterval) {
    }

    /**
     * @param login how failed sign-ins are throttled
     * @param contentSecurityPolicy the {@code Content-Security-Policy} header of every console page
     */
    public record Security(@DefaultValue Login login,
                           @DefaultValue(DEFAULT_CSP) String contentSecurityPolicy) {

        /**
         * What the Vaadin client needs and nothing else: its own scripts and styles (inline ones
         * too: the bootstrap page and the components' styles are inline, and Flow evaluates
         * server-sent JavaScript), images from itself and {@code data:} URIs (icons), its own
         * XHR and WebSocket connections, no plugins, no framing, forms only to itself.
         */
        public static final String DEFAULT_CSP = "default-src 'self'; "
                + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                + "style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; "
                + "font-src 'self' data:; "
                + "connect-src 'self'; "
                + "object-src 'none'; "
                + "base-uri 'self'; "
                + "form-action 'self'; "
                + "frame-ancestors 'none'";

        static Security defaults() {
            return new Security(Login.defaults(), DEFAULT_CSP);
        }
    }

    /**
     * Failed sign-ins, counted per user name (whether or not it exists) and per client address.
     * At the limit the name or address is locked out for {@code lockout}, doubled by each
     * further failure up to {@code maxLockout}; a successful sign-in clears the name's count.
     *
     * @param maxFailuresPerUser failures of one user name before it is locked out
     * @param maxFailuresPerAddress failures from one client address before it is locked out
     * @param lockout the first lock-out
     * @param maxLockout the longest lock-out
     * @param forgetAfter how long after its last failure a name's or address's count is forgotten
     */
    public record Login(@DefaultValue("5") int maxFailuresPerUser,
                        @DefaultValue("20") int maxFailuresPerAddress,
                        @DefaultValue("1m") Duration lockout,
                        @DefaultValue("15m") Duration maxLockout,
                        @DefaultValue("1h") Duration forgetAfter) {

        public Login {
            if (maxFailuresPerUser < 1) {
                throw new IllegalArgumentException("jqueue.console.security.login.max-failures-per-user must be at least 1, was "
                        + maxFailuresPerUser);
            }
            if (maxFailuresPerAddress < 1) {
                throw new IllegalArgumentException("jqueue.console.security.login.max-failures-per-address must be at least 1, was "
                        + maxFailuresPerAddress);
            }
            if (lockout == null || lockout.isNegative() || lockout.isZero()) {
                throw new IllegalArgumentException("jqueue.console.security.login.lockout must be positive, was " + lockout);
            }
            if (maxLockout == null || maxLockout.compareTo(lockout) < 0) {
                throw new IllegalArgumentException("jqueue.console.security.login.max-lockout must be at least the lockout ("
                        + lockout + "), was " + maxLockout);
            }
            if (forgetAfter == null || forgetAfter.compareTo(maxLockout) < 0) {
                throw new IllegalArgumentException("jqueue.console.security.login.forget-after must be at least the max-lockout ("
                        + maxLockout + "), was " + forgetAfter);
            }
        }

        static Login defaults() {
            return new Login(5, 20, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1));
        }
    }

    /**
     * @param groupsClaim the ID token or user-info claim that lists the user's groups
     * @param roles group name → console role; a user gets the highest role of their groups
     */
    public record Oidc(@DefaultValue("groups") String groupsClaim, Map<String, ConsoleRole> roles) {

        public Oidc {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
        }

        static Oidc defaults() {
            return new Oidc("groups", Map.of());
        }
    }
}
