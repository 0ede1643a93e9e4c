package io.voicegather.server.sip;

import io.voicegather.api.command.DtmfKey;
import java.util.Locale;

/**
 * Reads a DTMF digit from a SIP INFO body. {@code application/dtmf-relay}: lines {@code Signal=5} and
 * {@code Duration=160}; Signal is 0-9, *, #, A-D or the event codes 10 (*), 11 (#), 12-15 (A-D).
 * {@code application/dtmf}: the body is the digit itself or an event code 0-15. Anything else (including event
 * 16, flash) yields null. A missing duration counts as {@value #DEFAULT_DURATION_MILLIS} ms.
 */
public record SipDtmfInfo(char digit, int durationMillis) {
    public static final int DEFAULT_DURATION_MILLIS = 250;

    /** The digit in this INFO, or null when the content type is not DTMF or the body is unusable. */
    public static SipDtmfInfo parse(String contentType, String body) {
        if (contentType == null || body == null) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        type = (semi < 0 ? type : type.substring(0, semi)).trim();
        if (type.equals("application/dtmf-relay")) {
            return parseRelay(body);
        }
        if (type.equals("application/dtmf")) {
            Character d = digitOf(body.trim());
            return d == null ? null : new SipDtmfInfo(d, DEFAULT_DURATION_MILLIS);
        }
        return null;
    }

    private static SipDtmfInfo parseRelay(String body) {
        Character digit = null;
        int duration = DEFAULT_DURATION_MILLIS;
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).trim();
            if (key.equals("signal")) {
                digit = digitOf(value);
            } else if (key.equals("duration")) {
                int d = SipParser.parseNonNegativeInt(value);
                if (d > 0) {
                    duration = d;
                }
            }
        }
        return digit == null ? null : new SipDtmfInfo(digit, duration);
    }

    private static Character digitOf(String value) {
        if (value.length() == 1) {
            char c = Character.toUpperCase(value.charAt(0));
            if (DtmfKey.isKey(c)) {
                return c;
            }
            return null;
        }
        int code = SipParser.parseNonNegativeInt(value);
        char key = code >= 10 ? DtmfKey.fromEventCode(code) : DtmfKey.NONE; // 0-9 came as one character
        return key == DtmfKey.NONE ? null : key;
    }
}
