package io.voicegather.server.media.tts;

import io.voicegather.server.media.tts.VoiceChoice.Gender;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every voice string Telnyx documents (and anything else) into a {@link VoiceChoice}; nothing is ever
 * rejected, an unrecognised string just becomes provider {@code other} with no gender hint. See docs/voices.md.
 * Thread-safe (stateless).
 */
public final class VoiceCatalog {

    /** The 29 values of the speak {@code language} enum. */
    public static final List<String> LANGUAGES = List.of("arb", "cmn-CN", "cy-GB", "da-DK", "de-DE", "en-AU",
            "en-GB", "en-GB-WLS", "en-IN", "en-US", "es-ES", "es-MX", "es-US", "fr-CA", "fr-FR", "hi-IN", "is-IS",
            "it-IT", "ja-JP", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sv-SE",
            "tr-TR");

    /** Slowest and fastest speaking rate honoured; the API allows 0.1, which no one could follow. */
    public static final double MIN_RATE = 0.5;
    public static final double MAX_RATE = 2.0;

    private static final Set<String> LANGUAGE_SET = Set.copyOf(LANGUAGES);
    private static final Pattern AZURE_LOCALE = Pattern.compile("^([a-z]{2,3}-[A-Z]{2})-(?:[A-Za-z]+-)?([A-Za-z]+?)"
            + "(?:Multilingual)?(?:Neural)?(?::.*)?$");

    private static final Set<String> FEMALE_NAMES = Set.copyOf(List.of(
            // Amazon Polly
            "joanna", "salli", "kimberly", "kendra", "ivy", "ruth", "danielle", "amy", "emma", "nicole", "olivia",
            "aditi", "raveena", "kajal", "celine", "céline", "lea", "léa", "chantal", "gabrielle", "vicki",
            "marlene", "marlène", "conchita", "lucia", "lucía", "mia", "lupe", "penelope", "penélope", "carla",
            "bianca", "mizuki", "tomoko", "kazuha", "seoyeon", "zhiyu", "carmen", "tatyana", "astrid", "liv", "naja",
            "dora", "dóra", "ewa", "maja", "vitoria", "vitória", "camila", "ines", "inês", "filiz", "burcu",
            "gwyneth", "lotte", "laura", "zeina", "hala", "lisa", "ida", "elin", "sofie", "suvi", "ayanda", "aria",
            "isabelle", "hannah", "jitka", "hiujin", "niamh", "jasmine", "sara", "danielle",
            // Azure
            "jenny", "ava", "michelle", "ana", "clara", "sonia", "libby", "natasha", "denise", "katja", "elvira",
            "xiaoxiao", "xiaoyi", "nanami", "sunhi", "isabella", "francisca", "dalia", "amala", "aigul", "sonja",
            "vivienne", "seraphina", "nancy", "jane", "sara", "ashley", "cora", "elizabeth", "monica", "amber",
            "coral", "swara", "neerja", "salma", "zariyah", "fatima", "iselin", "pernille", "hillevi", "agnieszka",
            "zofia", "alina", "svetlana", "emel", "irina", "colette", "fenna", "nia", "brigitte",
            // others
            "rachel", "bella", "elli", "charlotte", "matilda", "nourah", "eve", "ara", "shimmer", "nova", "alloy"));

    private static final Set<String> MALE_NAMES = Set.copyOf(List.of(
            // Amazon Polly
            "matthew", "joey", "justin", "kevin", "stephen", "gregory", "brian", "arthur", "russell", "geraint",
            "mathieu", "remi", "rémi", "hans", "daniel", "enrique", "sergio", "andres", "andrés", "miguel",
            "giorgio", "adriano", "takumi", "maxim", "mads", "karl", "cristiano", "ricardo", "thiago", "jacek", "jan",
            "ruben", "liam", "zayd", "raul", "raúl", "pedro", "lennart", "kajus", "ola", "arlet",
            // Azure
            "guy", "davis", "tony", "jason", "andrew", "christopher", "eric", "ryan", "william", "henri", "conrad",
            "alvaro", "jorge", "yunxi", "yunyang", "keita", "injoon", "antonio", "diego", "roger", "steffan",
            "prabhat", "madhur", "hamed", "finn", "mattias", "marek", "dmitry", "ahmet", "emil", "maarten", "gunnar",
            "aled", "alfie", "ethan", "noah", "thomas", "elliot", "oliver",
            // others
            "adam", "antoni", "josh", "arnold", "sam", "abdulaziz", "abdullah", "ahmed", "rex", "leo", "onyx", "echo",
            "fable"));

    private VoiceCatalog() {
    }

    /** True when {@code language} is one of the 29 documented speak languages. */
    public static boolean isDocumentedLanguage(String language) {
        return language != null && LANGUAGE_SET.contains(language);
    }

    /** Same as {@link #resolve(String, String, Map)} without voice settings. */
    public static VoiceChoice resolve(String voice, String language) {
        return resolve(voice, language, Map.of());
    }

    /**
     * Reads a voice string. {@code language} (one of {@link #LANGUAGES}, else ignored) wins over a language implied
     * by the voice name, except for Polly voices, where Telnyx ignores it too. An Azure {@code voice_settings.gender}
     * overrides the name's gender hint.
     */
    public static VoiceChoice resolve(String voice, String language, Map<String, ?> voiceSettings) {
        String raw = voice == null ? "" : voice.strip();
        String[] parts = raw.split("\\.", -1);
        String head = parts[0].toLowerCase(Locale.ROOT);
        String requestedLanguage = isDocumentedLanguage(language) ? language : null;
        VoiceChoice choice = switch (head) {
            case "male" -> parts.length == 1 ? basic(raw, Gender.MALE, requestedLanguage) : other(raw,
                    requestedLanguage);
            case "female" -> parts.length == 1 ? basic(raw, Gender.FEMALE, requestedLanguage) : other(raw,
                    requestedLanguage);
            case "aws" -> parts.length >= 2 && parts[1].equalsIgnoreCase("polly")
                    ? polly(raw, parts.length >= 3 ? join(parts, 2) : null)
                    : other(raw, requestedLanguage);
            case "polly" -> polly(raw, parts.length >= 2 ? join(parts, 1) : null);
            case "azure" -> azure(raw, parts.length >= 2 ? join(parts, 1) : null, requestedLanguage);
            case "telnyx" -> telnyx(raw, parts, requestedLanguage);
            case "elevenlabs", "minimax", "resemble", "inworld", "fishaudio", "rime" ->
                    modelAndVoice(raw, head, parts, requestedLanguage);
            case "xai", "humain" -> named(raw, head, parts.length >= 2 ? join(parts, 1) : null, requestedLanguage);
            default -> other(raw, requestedLanguage);
        };
        Gender settingsGender = genderSetting(voiceSettings);
        return settingsGender == null ? choice : new VoiceChoice(choice.requested(), choice.provider(),
                choice.model(), choice.voiceId(), settingsGender, choice.language());
    }

    /**
     * Speaking rate from {@code voice_settings}: {@code voice_speed} (telnyx, rime) or {@code speed} (minimax),
     * clamped to [{@link #MIN_RATE}, {@link #MAX_RATE}]; 1.0 when absent or unreadable.
     */
    public static double speakingRate(Map<String, ?> voiceSettings) {
        if (voiceSettings == null) {
            return 1.0;
        }
        Object speed = voiceSettings.get("voice_speed");
        if (speed == null) {
            speed = voiceSettings.get("speed");
        }
        double rate;
        if (speed instanceof Number number) {
            rate = number.doubleValue();
        } else if (speed instanceof String text) {
            try {
                rate = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return 1.0;
            }
        } else {
            return 1.0;
        }
        if (!Double.isFinite(rate) || rate <= 0) {
            return 1.0;
        }
        return Math.max(MIN_RATE, Math.min(MAX_RATE, rate));
    }

    private static Gender genderSetting(Map<String, ?> voiceSettings) {
        if (voiceSettings == null || !(voiceSettings.get("gender") instanceof String gender)) {
            return null;
        }
        return switch (gender.strip().toLowerCase(Locale.ROOT)) {
            case "male" -> Gender.MALE;
            case "female" -> Gender.FEMALE;
            default -> null;
        };
    }

    private static VoiceChoice basic(String raw, Gender gender, String language) {
        return new VoiceChoice(raw, "basic", null, null, gender, language);
    }

    private static VoiceChoice other(String raw, String language) {
        return new VoiceChoice(raw, "other", null, raw.isEmpty() ? null : raw, Gender.UNKNOWN, language);
    }

    /** Polly: {@code Joanna} or {@code Joanna-Neural}; the request's language is ignored, as Telnyx does. */
    private static VoiceChoice polly(String raw, String id) {
        String voiceId = id == null || id.isEmpty() ? null : id.replaceFirst(
                "(?i)-(neural|generative|standard|long-form)$", "");
        String model = id != null && !id.equals(voiceId) ? id.substring(voiceId.length() + 1) : null;
        return new VoiceChoice(raw, "aws", model, voiceId, genderOfName(voiceId), null);
    }

    /** Azure: {@code en-CA-ClaraNeural} or {@code en-US-Ava:DragonHDLatestNeural}; the locale is a language hint. */
    private static VoiceChoice azure(String raw, String id, String language) {
        if (id == null || id.isEmpty()) {
            return new VoiceChoice(raw, "azure", null, null, Gender.UNKNOWN, language);
        }
        Matcher m = AZURE_LOCALE.matcher(id);
        if (!m.matches()) {
            return new VoiceChoice(raw, "azure", null, id, genderOfName(id), language);
        }
        return new VoiceChoice(raw, "azure", null, id, genderOfName(m.group(2)),
                language != null ? language : m.group(1));
    }

    /** Telnyx: {@code Telnyx.<model>.<voice>}; Kokoro ids start with a language letter and a gender letter. */
    private static VoiceChoice telnyx(String raw, String[] parts, String language) {
        String model = modelPart(parts);
        String voiceId = voicePart(parts);
        Gender gender = genderOfName(voiceId);
        String impliedLanguage = null;
        if (model != null && model.toLowerCase(Locale.ROOT).startsWith("kokoro") && voiceId != null
                && voiceId.length() >= 2) {
            gender = switch (voiceId.charAt(1)) {
                case 'f' -> Gender.FEMALE;
                case 'm' -> Gender.MALE;
                default -> gender;
            };
            impliedLanguage = switch (voiceId.charAt(0)) {
                case 'a' -> "en-US";
                case 'b' -> "en-GB";
                case 'e' -> "es-ES";
                case 'f' -> "fr-FR";
                case 'h' -> "hi-IN";
                case 'i' -> "it-IT";
                case 'j' -> "ja-JP";
                case 'p' -> "pt-BR";
                case 'z' -> "cmn-CN";
                default -> null;
            };
        } else if (model != null && model.equalsIgnoreCase("Bayan")) {
            impliedLanguage = "arb";
        }
        return new VoiceChoice(raw, "telnyx", model, voiceId, gender, language != null ? language : impliedLanguage);
    }

    /** {@code <Provider>.<model>.<voice>} or {@code <Provider>.<voice>} (model optional, e.g. ElevenLabs). */
    private static VoiceChoice modelAndVoice(String raw, String provider, String[] parts, String language) {
        String voiceId = voicePart(parts);
        return new VoiceChoice(raw, provider, modelPart(parts), emptyToNull(voiceId), genderOfName(voiceId),
                language);
    }

    /**
     * The model sits between the provider and the voice id and may itself contain dots ({@code speech-2.6-turbo},
     * {@code s2.1-pro}); voice ids never do, so the id is the last part and the model everything in between.
     */
    private static String modelPart(String[] parts) {
        return parts.length >= 3 ? String.join(".", List.of(parts).subList(1, parts.length - 1)) : null;
    }

    private static String voicePart(String[] parts) {
        return parts.length >= 2 ? parts[parts.length - 1] : null;
    }

    /** {@code xAI.<voice>}, {@code Humain.<voice>} (Humain ids end in the language: sara-en, nourah-ar). */
    private static VoiceChoice named(String raw, String provider, String voiceId, String language) {
        String implied = null;
        String name = voiceId;
        if (voiceId != null && voiceId.contains("-")) {
            name = voiceId.substring(0, voiceId.indexOf('-'));
            String suffix = voiceId.substring(voiceId.indexOf('-') + 1).toLowerCase(Locale.ROOT);
            implied = suffix.equals("en") ? "en-US" : suffix.equals("ar") ? "arb" : null;
        }
        return new VoiceChoice(raw, provider, null, emptyToNull(voiceId), genderOfName(name),
                language != null ? language : implied);
    }

    /** Gender of a well-known voice name ("Joanna", "Matthew", "JennyNeural" is read as "Jenny" by the caller). */
    static Gender genderOfName(String name) {
        if (name == null) {
            return Gender.UNKNOWN;
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (FEMALE_NAMES.contains(key)) {
            return Gender.FEMALE;
        }
        if (MALE_NAMES.contains(key)) {
            return Gender.MALE;
        }
        return Gender.UNKNOWN;
    }

    private static String join(String[] parts, int from) {
        return String.join(".", List.of(parts).subList(from, parts.length));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
