package io.voicegather.server.http;

import io.voicegather.api.error.ApiException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict RFC 3986 percent-decoding of one path segment. Unlike URLDecoder (a form decoder) it keeps '+' as '+',
 * and it refuses a bad escape or bytes that are not UTF-8 instead of guessing.
 */
final class PathSegmentDecoder {
    /** Ids longer than this cannot be ours; refusing them keeps giant paths away from the call registry. */
    static final int MAX_ID_LENGTH = 256;

    private PathSegmentDecoder() {
    }

    /** Decodes a raw call_control_id segment, or throws ApiException 422 90015. */
    static String decodeCallControlId(String raw) {
        if (raw.indexOf('%') < 0) {
            return checked(raw);
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new ApiException(HttpErrors.undecodableCallControlId("bad percent-escape at index " + i));
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // A raw non-ASCII char cannot appear in a URI path the JDK hands us; refuse rather than re-encode.
                throw new ApiException(HttpErrors.undecodableCallControlId("non-ASCII character in path"));
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
            return checked(chars.toString());
        } catch (CharacterCodingException e) {
            throw new ApiException(HttpErrors.undecodableCallControlId("escapes do not form UTF-8 text"));
        }
    }

    private static String checked(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new ApiException(HttpErrors.undecodableCallControlId(
                    "length must be 1 to " + MAX_ID_LENGTH + " characters"));
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new ApiException(HttpErrors.undecodableCallControlId("control character"));
            }
        }
        return id;
    }
}
