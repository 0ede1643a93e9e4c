package io.voicegather.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/** Builds the API-key check given to {@link ApiServer}. */
public final class ApiKeys {
    private ApiKeys() {
    }

    /**
     * A check that accepts exactly the given keys. Comparison takes the same time whatever the mismatch,
     * so response timing does not reveal how much of a key was right.
     */
    public static Predicate<String> anyOf(Collection<String> keys) {
        List<byte[]> accepted = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        return candidate -> {
            if (candidate == null) {
                return false;
            }
            byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
            boolean ok = false;
            for (byte[] key : accepted) {
                ok |= MessageDigest.isEqual(key, given);
            }
            return ok;
        };
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive, surrounding spaces
     * ignored), or null when the header is absent or of another scheme.
     */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String h = authorization.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer", 0, 6) || h.charAt(6) != ' ') {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
