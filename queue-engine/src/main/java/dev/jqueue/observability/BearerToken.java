package dev.jqueue.observability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The optional bearer token of the observability endpoints ({@code jqueue.observability.token}).
 * Unset or blank: open. Set: a request must send {@code Authorization: Bearer <token>}; the
 * scheme is case-insensitive and the token is compared in constant time.
 */
public final class BearerToken {

    private final byte[] expected;

    public BearerToken(String token) {
        this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a token is configured at all. */
    public boolean required() {
        return expected != null;
    }

    /** Whether a request with this {@code Authorization} header (nullable) may read the endpoints. */
    public boolean permits(String authorization) {
        if (expected == null) {
            return true;
        }
        byte[] presented = presented(authorization);
        // MessageDigest.isEqual takes time independent of where the arrays differ (JDK 6u17+);
        // comparing against an empty array when the header is missing keeps the path the same.
        return MessageDigest.isEqual(expected, presented == null ? new byte[0] : presented);
    }

    private static byte[] presented(String authorization) {
        if (authorization == null) {
            return null;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        return header.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
    }
}
