package io.voicegather.server.call;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Makes the three ids of a call in Telnyx's formats. A call_control_id carries the number of the node that made it
 * in its first two bytes, so that any node of a cluster can find the call's owner from the id alone.
 */
public final class CallIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CallIds() {
    }

    private static final String PREFIX = "v3:";
    private static final int BYTES = 40;

    /**
     * {@code v3:} + 54 chars of URL-safe Base64 without padding (40 bytes), like Telnyx's ids: the node's number
     * (two bytes, big-endian), then 38 random bytes.
     */
    static String newCallControlId(int nodeId) {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) (nodeId >>> 8);
        bytes[1] = (byte) nodeId;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The number of the node that made {@code callControlId}; -1 when it is not one of ours. */
    public static int nodeOf(String callControlId) {
        if (callControlId == null || !callControlId.startsWith(PREFIX)) {
            return -1;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(callControlId.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return bytes.length == BYTES ? (bytes[0] & 0xFF) << 8 | bytes[1] & 0xFF : -1;
    }

    static String newUuid() {
        return UUID.randomUUID().toString();
    }
}
