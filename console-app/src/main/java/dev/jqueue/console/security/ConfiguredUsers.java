package dev.jqueue.console.security;

import dev.jqueue.console.ConsoleProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Turns {@code jqueue.console.users} into Spring Security users, refusing anything that would
 * leave the console open or unusable: blank names, duplicates, and passwords that are neither a
 * bcrypt hash nor an explicitly marked plain text. (Whether there is anyone at all to sign in is
 * decided with the stored users, by the users directory.)
 */
public final class ConfiguredUsers {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredUsers.class);
    private static final String BCRYPT = "{bcrypt}";
    private static final String NOOP = "{noop}";
    private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

    private ConfiguredUsers() {
    }

    public static List<UserDetails> from(ConsoleProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < properties.users().size(); i++) {
            ConsoleProperties.User user = properties.users().get(i);
            String key = "jqueue.console.users[" + i + "]";
            if (user.username() == null || user.username().isBlank()) {
                throw new IllegalStateException(key + ".username is missing");
            }
            if (!names.add(user.username())) {
                throw new IllegalStateException(key + ".username '" + user.username() + "' is configured twice");
            }
            checkPassword(key, user);
            String[] roles = user.role().included().stream().map(Enum::name).toArray(String[]::new);
            users.add(User.withUsername(user.username()).password(user.password()).roles(roles).build());
        }
        return users;
    }

    private static void checkPassword(String key, ConsoleProperties.User user) {
        String password = user.password();
        if (password == null || password.isBlank()) {
            throw new IllegalStateException(key + ".password is missing");
        }
        if (password.startsWith(BCRYPT)) {
            if (!BCRYPT_HASH.matcher(password.substring(BCRYPT.length())).matches()) {
                throw new IllegalStateException(key + ".password starts with {bcrypt} but what follows is not a bcrypt hash");
            }
            return;
        }
        if (password.startsWith(NOOP)) {
            log.warn("{}.password for user '{}' is plain text ({noop}); use a {bcrypt} hash outside development",
                    key, user.username());
            return;
        }
        throw new IllegalStateException(key + ".password must be a bcrypt hash written as {bcrypt}$2a$10$... "
                + "(plain text is accepted only as {noop}text, for development)");
    }
}
