package io.voicegather.client.core;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one path segment: everything but RFC 3986 unreserved characters is escaped. */
public final class PathSegments {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /** Encodes a call_control_id so that ':' and '/' can never change the meaning of the path. */
    public static String encode(String segment) {
        return encode(segment, "call_control_id");
    }

    /** As {@link #encode(String)} for any id; {@code name} is the id's name in the message when it is missing. */
    public static String encode(String segment, String name) {
        if (segment == null || segment.isEmpty()) {
            throw new IllegalArgumentException("a " + name + " is required");
        }
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
