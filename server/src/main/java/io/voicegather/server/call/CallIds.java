package io.voicegather.server.call;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Makes the three ids of a call in Telnyx's formats. */
final class CallIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CallIds() {
    }

    /** {@code v3:} + 54 chars of URL-safe Base64 without padding (40 random bytes), like Telnyx's ids. */
    static String newCallControlId() {
        byte[] bytes = new byte[40];
        RANDOM.nextBytes(bytes);
        return "v3:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String newUuid() {
        return UUID.randomUUID().toString();
    }
}
