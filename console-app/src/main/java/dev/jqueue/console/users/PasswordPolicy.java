package dev.jqueue.console.users;

import java.nio.charset.StandardCharsets;

/**
 * What a new console password must be: at least 12 characters (OWASP ASVS 2.1.1), at most 72
 * bytes in UTF-8 (bcrypt reads no further, so a longer one would silently lose its end), and not
 * the user name. Spaces and any Unicode characters are allowed.
 */
final class PasswordPolicy {

    static final int MIN_CHARACTERS = 12;
    static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    /** Throws {@link UserChangeRefused} saying what is wrong. */
    static void check(String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_CHARACTERS) {
            throw new UserChangeRefused("The password must have at least " + MIN_CHARACTERS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new UserChangeRefused("The password must be at most " + MAX_BYTES
                    + " bytes long in UTF-8 (72 plain letters or digits, fewer accented or other characters)");
        }
        if (password.strip().equalsIgnoreCase(username)) {
            throw new UserChangeRefused("The password must not be the user name");
        }
    }
}
