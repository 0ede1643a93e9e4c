package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.error.ApiError;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Field readers shared by the prompt commands (gather_using_audio, gather_using_speak, playback_start,
 * playback_stop, speak). Like {@link BodyFields}, each records its errors and returns null when the field is
 * invalid, so that one 422 lists every problem.
 */
final class PromptFields {
    static final int MAX_MEDIA_NAME_LENGTH = 255;
    static final int MAX_VOICE_LENGTH = 256;

    /** The speak languages Telnyx documents, in their canonical spelling. */
    static final List<String> LANGUAGES = List.of("arb", "cmn-CN", "cy-GB", "da-DK", "de-DE", "en-AU", "en-GB",
            "en-GB-WLS", "en-IN", "en-US", "es-ES", "es-MX", "es-US", "fr-CA", "fr-FR", "hi-IN", "is-IS", "it-IT",
            "ja-JP", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sv-SE", "tr-TR");

    private PromptFields() {
    }

    /** The digit-collection fields of gather_using_audio and gather_using_speak, defaults applied. */
    record Digits(int minimumDigits, int maximumDigits, int maximumTries, long timeoutMillis,
                  long interDigitTimeoutMillis, String terminatingDigit, String validDigits) {
    }

    /** Null when any of them is invalid (the errors are recorded). */
    static Digits digits(BodyFields f) {
        Long min = f.integer("minimum_digits", 1, GatherRequestParser.MAX_DIGITS,
                GatherCommand.DEFAULT_MINIMUM_DIGITS);
        Long max = f.integer("maximum_digits", 1, GatherRequestParser.MAX_DIGITS,
                GatherCommand.DEFAULT_MAXIMUM_DIGITS);
        if (min != null && max != null && min > max) {
            f.reject(ApiError.invalidValue("minimum_digits",
                    "'minimum_digits' (" + min + ") must not exceed 'maximum_digits' (" + max + ")."));
        }
        Long tries = f.integer("maximum_tries", 1, GatherUsingAudioCommand.MAX_MAXIMUM_TRIES,
                GatherUsingAudioCommand.DEFAULT_MAXIMUM_TRIES);
        Long timeout = f.integer("timeout_millis", 1, GatherRequestParser.MAX_TIMEOUT_MILLIS,
                GatherCommand.DEFAULT_TIMEOUT_MILLIS);
        Long interDigit = f.integer("inter_digit_timeout_millis", 1, GatherRequestParser.MAX_TIMEOUT_MILLIS,
                GatherCommand.DEFAULT_INTER_DIGIT_TIMEOUT_MILLIS);
        String terminator = GatherRequestParser.terminatingDigit(f);
        String validDigits = GatherRequestParser.validDigits(f);
        if (min == null || max == null || min > max || tries == null || timeout == null || interDigit == null
                || f.hasErrorFor("terminating_digit") || f.hasErrorFor("valid_digits")) {
            return null;
        }
        return new Digits(min.intValue(), max.intValue(), tries.intValue(), timeout, interDigit, terminator,
                validDigits);
    }

    /**
     * A string naming one constant of the enum (its lower-case name, compared case-insensitively), or the
     * default (which may be null) when absent. A non-string is 10015, an unknown string 10032.
     */
    static <E extends Enum<E>> E choice(BodyFields f, String name, Class<E> type, E dflt) {
        if (f.present(name) == null) {
            return dflt;
        }
        String s = f.string(name);
        if (s == null) {
            return null;
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String wire = e.name().toLowerCase(Locale.ROOT);
            if (wire.equalsIgnoreCase(s)) {
                return e;
            }
            allowed.add(wire);
        }
        f.reject(ApiError.invalidEnum(name, String.join(", ", allowed)));
        return null;
    }

    /**
     * loop: an integer 1..100, the same as a string of decimal digits (the SDKs type it String or Integer), or the
     * string "infinity" (any case); 1 when absent.
     */
    static Integer loop(BodyFields f) {
        JsonNode n = f.present("loop");
        if (n == null) {
            return PlaybackStartCommand.DEFAULT_LOOP;
        }
        if (n.isTextual() && n.textValue().equalsIgnoreCase("infinity")) {
            return PlaybackStartCommand.LOOP_INFINITY;
        }
        boolean digits = n.isTextual() && n.textValue().matches("[0-9]{1,9}");
        if (!n.isNumber() && !digits) {
            f.reject(ApiError.invalidValue("loop",
                    "The value of 'loop' must be an integer 1 to " + PlaybackStartCommand.MAX_LOOP
                            + ", the same as a string of digits, or the string \"infinity\"."));
            return null;
        }
        if (digits) {
            long loop = Long.parseLong(n.textValue());
            if (loop >= 1 && loop <= PlaybackStartCommand.MAX_LOOP) {
                return (int) loop;
            }
            f.reject(f.outOfRange("loop", 1, PlaybackStartCommand.MAX_LOOP));
            return null;
        }
        Long loop = f.integer("loop", 1, PlaybackStartCommand.MAX_LOOP, PlaybackStartCommand.DEFAULT_LOOP);
        return loop == null ? null : loop.intValue();
    }

    /** An absolute http/https URL (at most 2048 characters, no fragment). */
    static String url(BodyFields f, String name) {
        String s = f.string(name);
        if (s != null && !AnswerRequestParser.isAbsoluteHttpUrl(s)) {
            f.reject(ApiError.invalidValue(name, "'" + name + "' must be an absolute http or https URL of at most "
                    + AnswerRequestParser.MAX_URL_LENGTH + " characters."));
            return null;
        }
        return s;
    }

    /**
     * A Media Storage name: 1..255 characters, no '/' or '\' and no control characters, not "." or "..",
     * so that a name can never reach outside the media folder.
     */
    static String mediaName(BodyFields f, String name) {
        String s = f.string(name);
        if (s == null) {
            return null;
        }
        boolean ok = !s.isEmpty() && s.length() <= MAX_MEDIA_NAME_LENGTH && !s.equals(".") && !s.equals("..");
        for (int i = 0; ok && i < s.length(); i++) {
            char c = s.charAt(i);
            ok = c != '/' && c != '\\' && c >= 0x20 && c != 0x7f;
        }
        if (!ok) {
            f.reject(ApiError.invalidValue(name, "'" + name + "' must be a media name of 1 to "
                    + MAX_MEDIA_NAME_LENGTH + " characters without '/', '\\' or control characters."));
            return null;
        }
        return s;
    }

    /**
     * A prompt of gather_using_audio given by {@code urlField} or {@code nameField}. Both sent → 10015 on the
     * name field; neither sent and required → 10004 on the URL field. Null when absent or invalid.
     */
    static PlaybackStartCommand.Audio urlOrMediaName(BodyFields f, String urlField, String nameField,
                                                     boolean required) {
        boolean hasUrl = f.present(urlField) != null;
        boolean hasName = f.present(nameField) != null;
        String url = url(f, urlField);
        String name = mediaName(f, nameField);
        if (hasUrl && hasName) {
            if (!f.hasErrorFor(nameField)) {
                f.reject(exclusive(nameField, urlField));
            }
            return null;
        }
        if (!hasUrl && !hasName && required) {
            f.reject(ApiError.missingParameter(urlField));
        }
        return url != null ? PlaybackStartCommand.Audio.url(url)
                : name != null ? PlaybackStartCommand.Audio.mediaName(name) : null;
    }

    /** The error for a field sent together with one it excludes (one error per field: none if already invalid). */
    static ApiError exclusive(String field, String other) {
        return ApiError.invalidValue(field,
                "'" + field + "' and '" + other + "' are mutually exclusive; send only one.");
    }

    /**
     * Inline audio: Base64 (standard or URL-safe, as client_state) of at least one byte. Line breaks are
     * allowed and dropped, because the usual command-line encoders wrap their output.
     */
    static byte[] base64Content(BodyFields f, String name) {
        String s = f.string(name);
        if (s == null) {
            return null;
        }
        String compact = s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r", "").replace("\n", "");
        if (compact.isEmpty() || !Base64Text.isValid(compact)) {
            f.reject(ApiError.invalidValue(name, "'" + name + "' must be non-empty Base64 of an MP3 or WAV file."));
            return null;
        }
        boolean urlSafe = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
        byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
        if (bytes.length == 0) {
            f.reject(ApiError.invalidValue(name, "'" + name + "' must be non-empty Base64 of an MP3 or WAV file."));
            return null;
        }
        return bytes;
    }

    /**
     * payload and voice (required), payload_type, service_level, language, voice_settings. Null when any is
     * missing or invalid.
     */
    static SpeakCommand.Speech speech(BodyFields f) {
        String payload = f.requiredString("payload", SpeakCommand.MAX_PAYLOAD_LENGTH);
        String voice = f.requiredString("voice", MAX_VOICE_LENGTH);
        SpeakCommand.PayloadType payloadType = choice(f, "payload_type", SpeakCommand.PayloadType.class,
                SpeakCommand.PayloadType.TEXT);
        SpeakCommand.ServiceLevel serviceLevel = choice(f, "service_level", SpeakCommand.ServiceLevel.class,
                SpeakCommand.ServiceLevel.PREMIUM);
        String language = language(f);
        ObjectNode voiceSettings = voiceSettings(f);
        if (payload == null || voice == null || payloadType == null || serviceLevel == null
                || f.hasErrorFor("language") || f.hasErrorFor("voice_settings")
                || f.hasErrorFor("voice_settings/type")) {
            return null;
        }
        return new SpeakCommand.Speech(payload, payloadType, voice, serviceLevel, language, voiceSettings);
    }

    /** One of {@link #LANGUAGES}, matched case-insensitively and returned in canonical spelling; null when absent. */
    private static String language(BodyFields f) {
        if (f.present("language") == null) {
            return null;
        }
        String s = f.string("language");
        if (s == null) {
            return null;
        }
        for (String l : LANGUAGES) {
            if (l.equalsIgnoreCase(s)) {
                return l;
            }
        }
        f.reject(ApiError.invalidEnum("language", String.join(", ", LANGUAGES)));
        return null;
    }

    /** Any JSON object whose {@code type}, when present, is a string (the set of types is open). */
    private static ObjectNode voiceSettings(BodyFields f) {
        JsonNode n = f.present("voice_settings");
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            f.reject(ApiError.invalidValue("voice_settings", "'voice_settings' must be an object."));
            return null;
        }
        JsonNode type = n.get("type");
        if (type != null && !type.isNull() && !type.isTextual()) {
            f.reject(ApiError.invalidValue("voice_settings/type", "'voice_settings.type' must be a string."));
            return null;
        }
        return (ObjectNode) n;
    }
}
