package dev.jqueue.console.users;

import dev.jqueue.console.actions.ActionResult;
import dev.jqueue.console.actions.AuditedActions;
import dev.jqueue.console.actions.Operator;
import dev.jqueue.console.security.ConsoleRole;
import dev.jqueue.console.ui.Permissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an ADMIN does on the Users page, checked and audited on the server like every console
 * action: create a user, set the role, reset the password, disable or enable. A change that
 * would leave no enabled admin (configured admins count) is refused, as is any change to a
 * configured user (edit {@code jqueue.console.users} instead). Each change is one transaction.
 */
public class ConsoleUserAdmin {

    /** Lower case letters, digits and {@code . _ @ -}, starting with a letter or digit. */
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,99}");

    private final ConsoleUserRepository users;
    private final ConsoleUserDirectory directory;
    private final PasswordEncoder encoder;
    private final AuditedActions audited;
    private final TransactionTemplate transactions;
    private final SignedInSessions sessions;
    private final Clock clock;

    public ConsoleUserAdmin(ConsoleUserRepository users, ConsoleUserDirectory directory, PasswordEncoder encoder,
                            AuditedActions audited, TransactionTemplate transactions, SignedInSessions sessions,
                            Clock clock) {
        this.users = users;
        this.directory = directory;
        this.encoder = encoder;
        this.audited = audited;
        this.transactions = transactions;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Every user, configured ones first, then stored ones by name (ADMIN only). */
    public List<UserRow> list() {
        if (!Permissions.has(ConsoleRole.ADMIN)) {
            throw new AccessDeniedException("the users page needs the " + ConsoleRole.ADMIN.label() + " role");
        }
        List<UserRow> rows = new ArrayList<>();
        directory.configuredUsers().forEach(user -> rows.add(UserRow.configured(user.username(), user.role())));
        users.findAllByOrderByUsernameAsc().stream().filter(user -> !directory.isConfigured(user.username()))
                .map(UserRow::stored).forEach(rows::add);
        return rows;
    }

    public ActionResult create(String username, ConsoleRole role, String password) {
        String name = ConsoleUserDirectory.normalize(username);
        return change("create-user", name, () -> {
            if (!USERNAME.matcher(name).matches()) {
                throw new UserChangeRefused("A user name is 1 to 100 lower-case letters, digits or . _ @ -,"
                        + " starting with a letter or digit");
            }
            if (role == null) {
                throw new UserChangeRefused("Choose a role");
            }
            if (directory.isConfigured(name) || users.findByUsername(name).isPresent()) {
                throw new UserChangeRefused("A user named " + name + " already exists");
            }
            PasswordPolicy.check(name, password);
            users.save(new ConsoleUser(name, encoder.encode(password), role, clock.instant(), actor()));
            return new ActionResult("created user " + name + " (" + role.label() + ")", 1);
        });
    }

    public ActionResult setRole(String username, ConsoleRole role) {
        String name = ConsoleUserDirectory.normalize(username);
        return change("set-user-role", name, () -> {
            if (role == null) {
                throw new UserChangeRefused("Choose a role");
            }
            ConsoleUser user = storedUser(name);
            if (user.role() == role) {
                return new ActionResult(name + " already has the " + role.label() + " role", 0);
            }
            if (user.role() == ConsoleRole.ADMIN && user.enabled()) {
                keepAnAdminBesides(user, "demoted");
            }
            ConsoleRole before = user.role();
            user.changeRole(role, clock.instant(), actor());
            return new ActionResult("changed the role of " + name + " from " + before.label() + " to " + role.label()
                    + signedOut(name), 1);
        });
    }

    public ActionResult resetPassword(String username, String password) {
        String name = ConsoleUserDirectory.normalize(username);
        return change("reset-user-password", name, () -> {
            ConsoleUser user = storedUser(name);
            PasswordPolicy.check(name, password);
            user.changePassword(encoder.encode(password), clock.instant(), actor());
            return new ActionResult("reset the password of " + name + signedOut(name), 1);
        });
    }

    public ActionResult setEnabled(String username, boolean enabled) {
        String name = ConsoleUserDirectory.normalize(username);
        return change(enabled ? "enable-user" : "disable-user", name, () -> {
            ConsoleUser user = storedUser(name);
            if (user.enabled() == enabled) {
                return new ActionResult(name + " is already " + (enabled ? "enabled" : "disabled"), 0);
            }
            if (!enabled && user.role() == ConsoleRole.ADMIN) {
                keepAnAdminBesides(user, "disabled");
            }
            user.changeEnabled(enabled, clock.instant(), actor());
            return new ActionResult((enabled ? "enabled " : "disabled ") + name + (enabled ? "" : signedOut(name)), 1);
        });
    }

    /** Authorized (ADMIN) and audited as target {@code user:<name>}, inside one transaction. */
    private ActionResult change(String action, String name, Supplier<ActionResult> work) {
        return audited.perform(audited.consoleBackend(), action, ConsoleRole.ADMIN, "user", name,
                () -> transactions.execute(status -> {
                    users.takeWriteLock();
                    return work.get();
                }));
    }

    private ConsoleUser storedUser(String name) {
        if (directory.isConfigured(name)) {
            throw new UserChangeRefused(name + " comes from configuration (jqueue.console.users) and is changed there,"
                    + " not in the console");
        }
        return users.findByUsername(name).orElseThrow(() -> new UserChangeRefused("There is no user named " + name));
    }

    /** Refuses to take away the last enabled admin (configured admins count; the others are locked meanwhile). */
    private void keepAnAdminBesides(ConsoleUser user, String how) {
        long others = directory.configuredAdmins() + users.findByRoleAndEnabledTrue(ConsoleRole.ADMIN).stream()
                .filter(admin -> !admin.id().equals(user.id()) && !directory.isConfigured(admin.username())).count();
        if (others == 0) {
            throw new UserChangeRefused(user.username() + " is the last enabled admin and cannot be " + how
                    + "; make another user an admin first");
        }
    }

    /** Ends the user's sessions, so the change applies at once; says so when there were any. */
    private String signedOut(String name) {
        int ended = sessions.end(name);
        return ended == 0 ? "" : " and signed them out (" + ended + " session(s))";
    }

    private static String actor() {
        return Operator.current().map(Operator::name).orElse("anonymous");
    }
}
