package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.DtmfKey;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.error.ApiError;

import java.util.UUID;

/** Body of {@code POST /v2/calls/{id}/actions/gather}: every range checked, every default applied. */
final class GatherRequestParser {
    static final int MAX_DIGITS = 128;
    static final long MAX_TIMEOUT_MILLIS = 3_600_000;
    static final int MAX_GATHER_ID_LENGTH = 40;

    private GatherRequestParser() {
    }

    static GatherCommand parse(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        Long min = f.integer("minimum_digits", 1, MAX_DIGITS, GatherCommand.DEFAULT_MINIMUM_DIGITS);
        Long max = f.integer("maximum_digits", 1, MAX_DIGITS, GatherCommand.DEFAULT_MAXIMUM_DIGITS);
        if (min != null && max != null && min > max) {
            f.reject(ApiError.invalidValue("minimum_digits",
                    "'minimum_digits' (" + min + ") must not exceed 'maximum_digits' (" + max + ")."));
        }
        Long timeout = f.integer("timeout_millis", 1, MAX_TIMEOUT_MILLIS, GatherCommand.DEFAULT_TIMEOUT_MILLIS);
        Long initial = f.integer("initial_timeout_millis", 1, MAX_TIMEOUT_MILLIS,
                GatherCommand.DEFAULT_INITIAL_TIMEOUT_MILLIS);
        Long interDigit = f.integer("inter_digit_timeout_millis", 1, MAX_TIMEOUT_MILLIS,
                GatherCommand.DEFAULT_INTER_DIGIT_TIMEOUT_MILLIS);
        String terminator = terminatingDigit(f);
        String validDigits = validDigits(f);
        String gatherId = f.string("gather_id", 1, MAX_GATHER_ID_LENGTH);
        f.throwIfInvalid();
        return new GatherCommand(meta, min.intValue(), max.intValue(), timeout, initial, interDigit,
                terminator, validDigits, gatherId != null ? gatherId : UUID.randomUUID().toString());
    }

    /** Absent → "#"; empty string → null (no terminator); else exactly one DTMF symbol. */
    static String terminatingDigit(BodyFields f) {
        if (f.present("terminating_digit") == null) {
            return GatherCommand.DEFAULT_TERMINATING_DIGIT;
        }
        String s = f.string("terminating_digit");
        if (s == null) {
            return null; // type error already recorded
        }
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() != 1 || !DtmfKey.isKey(s.charAt(0))) {
            f.reject(ApiError.invalidValue("terminating_digit",
                    "'terminating_digit' must be one of 0-9, *, #, A-D, or empty for none."));
        }
        return s;
    }

    static String validDigits(BodyFields f) {
        if (f.present("valid_digits") == null) {
            return GatherCommand.DEFAULT_VALID_DIGITS;
        }
        String s = f.string("valid_digits");
        if (s == null) {
            return null;
        }
        boolean ok = !s.isEmpty() && s.length() <= 64;
        for (int i = 0; ok && i < s.length(); i++) {
            ok = DtmfKey.isKey(s.charAt(i));
        }
        if (!ok) {
            f.reject(ApiError.invalidValue("valid_digits",
                    "'valid_digits' must be a non-empty string of the characters 0-9, *, #, A-D."));
        }
        return s;
    }
}
