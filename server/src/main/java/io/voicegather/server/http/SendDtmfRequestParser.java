package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.DtmfKey;
import io.voicegather.api.command.SendDtmfCommand;
import io.voicegather.api.error.ApiError;

import java.util.Locale;

/**
 * Body of {@code POST /v2/calls/{id}/actions/send_dtmf}: {@code digits} required (1..128 of {@code 0-9 * # A-D w W};
 * {@code a-d} are taken as {@code A-D}), {@code duration_millis} 100..500 (default 250).
 */
final class SendDtmfRequestParser {
    private SendDtmfRequestParser() {
    }

    static SendDtmfCommand parse(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        String digits = digits(f);
        Long duration = f.integer("duration_millis", SendDtmfCommand.MIN_DURATION_MILLIS,
                SendDtmfCommand.MAX_DURATION_MILLIS, SendDtmfCommand.DEFAULT_DURATION_MILLIS);
        f.throwIfInvalid();
        return new SendDtmfCommand(meta, digits, duration.intValue());
    }

    /** The digits with a-d uppercased, or null after rejecting them. */
    private static String digits(BodyFields f) {
        String s = f.requiredString("digits", SendDtmfCommand.MAX_DIGITS);
        if (s == null) {
            return null; // absent, not a string or of the wrong length: already rejected
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAllowed(c)) {
                f.reject(ApiError.invalidValue("digits", "The value of 'digits' may contain only 0-9, A-D, *, #, "
                        + "w (0.5 s pause) and W (1 s pause); " + describe(c) + " at position " + i
                        + " is not one of them."));
                return null;
            }
        }
        return s.replace('a', 'A').replace('b', 'B').replace('c', 'C').replace('d', 'D');
    }

    private static boolean isAllowed(char c) {
        return DtmfKey.isKey(c) || (c >= 'a' && c <= 'd')
                || c == SendDtmfCommand.SHORT_PAUSE || c == SendDtmfCommand.LONG_PAUSE;
    }

    /** The character as a reader can see it: quoted when printable, its code point otherwise. */
    private static String describe(char c) {
        if (c >= 0x21 && c < 0x7F) {
            return "'" + c + "'";
        }
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
