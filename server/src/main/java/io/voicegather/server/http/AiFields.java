package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.TranscriptionConfig;
import io.voicegather.api.error.ApiError;

import java.util.List;

/**
 * Readers shared by the voice AI commands. Like {@link BodyFields} they record an error and return null (or the
 * default) instead of stopping, and their errors point at the nested field ({@code /assistant/tools/0/type}).
 */
final class AiFields {
    static final int MAX_SPEECH_LENGTH = 3000;
    static final int MAX_VOICE_LENGTH = PromptFields.MAX_VOICE_LENGTH;
    static final int MAX_NAME_LENGTH = 256;

    /** GoogleTranscriptionLanguage: the languages gather_using_ai's {@code language} may name. */
    static final List<String> GOOGLE_LANGUAGES = List.of("af", "sq", "am", "ar", "hy", "az", "eu", "bn", "bs", "bg",
            "my", "ca", "yue", "zh", "hr", "cs", "da", "nl", "en", "et", "fil", "fi", "fr", "gl", "ka", "de", "el", "gu",
            "iw", "hi", "hu", "is", "id", "it", "ja", "jv", "kn", "kk", "km", "ko", "lo", "lv", "lt", "mk", "ms", "ml",
            "mr", "mn", "ne", "no", "fa", "pl", "pt", "pa", "ro", "ru", "rw", "sr", "si", "sk", "sl", "ss", "st", "es",
            "su", "sw", "sv", "ta", "te", "th", "tn", "tr", "ts", "uk", "ur", "uz", "ve", "vi", "xh", "zu");

    private AiFields() {
    }

    /** An object, or null when absent or not an object (then 10015 is recorded). */
    static ObjectNode object(BodyFields f, String name) {
        JsonNode n = f.present(name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            f.reject(ApiError.invalidValue(f.path(name), "The value of '" + f.label(name) + "' must be an object."));
            return null;
        }
        return (ObjectNode) n;
    }

    /** An array, or null when absent or not an array (then 10015 is recorded). */
    static ArrayNode array(BodyFields f, String name) {
        JsonNode n = f.present(name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            f.reject(ApiError.invalidValue(f.path(name), "The value of '" + f.label(name) + "' must be an array."));
            return null;
        }
        return (ArrayNode) n;
    }

    static ApiError invalidEnum(BodyFields f, String name, List<String> allowed) {
        return new ApiError(422, "10032", "Invalid enumerated value",
                "The value must be one of: " + String.join(", ", allowed) + ".", "/" + f.path(name));
    }

    /**
     * A string that must be one of {@code allowed} (compared case-insensitively, answered in the listed spelling),
     * or the default when absent. A non-string is 10015, another string 10032.
     */
    static String oneOf(BodyFields f, String name, List<String> allowed, String dflt) {
        if (f.present(name) == null) {
            return dflt;
        }
        String s = f.string(name);
        if (s == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s)) {
                return a;
            }
        }
        f.reject(invalidEnum(f, name, allowed));
        return null;
    }

    /** Spoken text (greeting, gather_ended_speech): at most 3000 characters; the empty string means none. */
    static String speech(BodyFields f, String name) {
        String s = f.string(name, 0, MAX_SPEECH_LENGTH);
        return s == null || s.isEmpty() ? null : s;
    }

    /** Any object whose {@code type}, when present, is a string (the set of providers is open). */
    static ObjectNode voiceSettings(BodyFields f) {
        ObjectNode n = object(f, "voice_settings");
        if (n == null) {
            return null;
        }
        JsonNode type = n.get("type");
        if (type != null && !type.isNull() && !type.isTextual()) {
            f.reject(ApiError.invalidValue(f.path("voice_settings/type"),
                    "The value of '" + f.label("voice_settings/type") + "' must be a string."));
            return null;
        }
        return n;
    }

    /** {@code interruption_settings: {enable?: boolean}}; true when absent. */
    static Boolean interruptionEnabled(BodyFields f) {
        ObjectNode n = object(f, "interruption_settings");
        if (n == null) {
            return f.hasErrorFor("interruption_settings") ? null : Boolean.TRUE;
        }
        return f.nested("interruption_settings", n).bool("enable", true);
    }

    /** {@code transcription: {model?, language?}}, both free strings (the model is recorded, not used). */
    static TranscriptionConfig transcription(BodyFields f) {
        ObjectNode n = object(f, "transcription");
        if (n == null) {
            return TranscriptionConfig.NONE;
        }
        BodyFields t = f.nested("transcription", n);
        String model = t.string("model", 1, MAX_NAME_LENGTH);
        String language = t.string("language", 1, 64);
        return new TranscriptionConfig(model, language);
    }

    /** The recognition language: one of {@link #GOOGLE_LANGUAGES}; {@code en} when absent. */
    static String language(BodyFields f, String dflt) {
        return oneOf(f, "language", GOOGLE_LANGUAGES, dflt); // the list's own (lower-case) spelling
    }
}
