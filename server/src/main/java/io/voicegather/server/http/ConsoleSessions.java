package io.voicegather.server.http;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's logins: an API key given once on the login form buys a random session token, kept in an HttpOnly
 * cookie, good for {@link #LIFETIME}. Bounded: past {@link #MAX_SESSIONS} the oldest login is forgotten. In memory:
 * a restart logs everyone out. Thread-safe.
 */
final class ConsoleSessions {
    static final Duration LIFETIME = Duration.ofHours(12);
    static final int MAX_SESSIONS = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Long> expiries = new LinkedHashMap<>(); // guarded by this; oldest first

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session's token. */
    synchronized String open() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, clock.millis() + LIFETIME.toMillis());
        while (expiries.size() > MAX_SESSIONS) {
            expiries.remove(expiries.keySet().iterator().next());
        }
        return token;
    }

    synchronized boolean valid(String token) {
        if (token == null) {
            return false;
        }
        Long expiry = expiries.get(token);
        if (expiry == null) {
            return false;
        }
        if (expiry <= clock.millis()) {
            expiries.remove(token);
            return false;
        }
        return true;
    }

    synchronized void close(String token) {
        if (token != null) {
            expiries.remove(token);
        }
    }
}
