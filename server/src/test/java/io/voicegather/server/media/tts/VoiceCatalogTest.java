package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.media.tts.VoiceChoice.Gender;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VoiceCatalogTest {

    static Stream<Arguments> documentedVoices() {
        // voice, provider, model, voiceId, gender, language (with no language requested)
        return Stream.of(
                Arguments.of("male", "basic", null, null, Gender.MALE, null),
                Arguments.of("female", "basic", null, null, Gender.FEMALE, null),
                Arguments.of("AWS.Polly.Joanna", "aws", null, "Joanna", Gender.FEMALE, null),
                Arguments.of("AWS.Polly.Joanna-Neural", "aws", "Neural", "Joanna", Gender.FEMALE, null),
                Arguments.of("AWS.Polly.Matthew-Neural", "aws", "Neural", "Matthew", Gender.MALE, null),
                Arguments.of("AWS.Polly.Zhiyu", "aws", null, "Zhiyu", Gender.FEMALE, null),
                Arguments.of("Polly.Brian", "aws", null, "Brian", Gender.MALE, null),
                Arguments.of("Polly.Céline", "aws", null, "Céline", Gender.FEMALE, null),
                Arguments.of("AWS.Polly", "aws", null, null, Gender.UNKNOWN, null),
                Arguments.of("Azure.en-CA-ClaraNeural", "azure", null, "en-CA-ClaraNeural", Gender.FEMALE, "en-CA"),
                Arguments.of("Azure.en-US-Ava:DragonHDLatestNeural", "azure", null,
                        "en-US-Ava:DragonHDLatestNeural", Gender.FEMALE, "en-US"),
                Arguments.of("Azure.en-US-GuyNeural", "azure", null, "en-US-GuyNeural", Gender.MALE, "en-US"),
                Arguments.of("Azure.en-US-AndrewMultilingualNeural", "azure", null,
                        "en-US-AndrewMultilingualNeural", Gender.MALE, "en-US"),
                Arguments.of("Azure.de-DE-ZorroNeural", "azure", null, "de-DE-ZorroNeural", Gender.UNKNOWN, "de-DE"),
                Arguments.of("ElevenLabs.eleven_multilingual_v2.21m00Tcm4TlvDq8ikWAM", "elevenlabs",
                        "eleven_multilingual_v2", "21m00Tcm4TlvDq8ikWAM", Gender.UNKNOWN, null),
                Arguments.of("ElevenLabs.21m00Tcm4TlvDq8ikWAM", "elevenlabs", null, "21m00Tcm4TlvDq8ikWAM",
                        Gender.UNKNOWN, null),
                Arguments.of("ElevenLabs.Rachel", "elevenlabs", null, "Rachel", Gender.FEMALE, null),
                Arguments.of("Telnyx.KokoroTTS.af", "telnyx", "KokoroTTS", "af", Gender.FEMALE, "en-US"),
                Arguments.of("Telnyx.KokoroTTS.bm_george", "telnyx", "KokoroTTS", "bm_george", Gender.MALE, "en-GB"),
                Arguments.of("Telnyx.Bayan.Ahmed", "telnyx", "Bayan", "Ahmed", Gender.MALE, "arb"),
                Arguments.of("Telnyx.Sukhan.urdu-professor", "telnyx", "Sukhan", "urdu-professor", Gender.UNKNOWN,
                        null),
                Arguments.of("Telnyx.NaturalHD.astra", "telnyx", "NaturalHD", "astra", Gender.UNKNOWN, null),
                Arguments.of("Minimax.speech-02-turbo.English_Graceful_Lady", "minimax", "speech-02-turbo",
                        "English_Graceful_Lady", Gender.UNKNOWN, null),
                Arguments.of("Minimax.speech-2.6-turbo.Wise_Woman", "minimax", "speech-2.6-turbo",
                        "Wise_Woman", Gender.UNKNOWN, null),
                Arguments.of("Resemble.Turbo.abc123", "resemble", "Turbo", "abc123", Gender.UNKNOWN, null),
                Arguments.of("Inworld.TTS2.Ashley", "inworld", "TTS2", "Ashley", Gender.FEMALE, null),
                Arguments.of("Inworld.Mini.Dennis", "inworld", "Mini", "Dennis", Gender.UNKNOWN, null),
                Arguments.of("FishAudio.s2.1-pro.7f92f8afb8ec43bf81429cc1c9199cb1", "fishaudio", "s2.1-pro",
                        "7f92f8afb8ec43bf81429cc1c9199cb1", Gender.UNKNOWN, null),
                Arguments.of("FishAudio.s1.abc", "fishaudio", "s1", "abc", Gender.UNKNOWN, null),
                Arguments.of("xAI.eve", "xai", null, "eve", Gender.FEMALE, null),
                Arguments.of("xAI.rex", "xai", null, "rex", Gender.MALE, null),
                Arguments.of("xAI.sal", "xai", null, "sal", Gender.UNKNOWN, null),
                Arguments.of("Rime.Arcana.luna", "rime", "Arcana", "luna", Gender.UNKNOWN, null),
                Arguments.of("Humain.sara-en", "humain", null, "sara-en", Gender.FEMALE, "en-US"),
                Arguments.of("Humain.abdullah-ar", "humain", null, "abdullah-ar", Gender.MALE, "arb"),
                Arguments.of("Google.en-US-Wavenet-D", "other", null, "Google.en-US-Wavenet-D", Gender.UNKNOWN,
                        null),
                Arguments.of("", "other", null, null, Gender.UNKNOWN, null),
                Arguments.of("MALE.x", "other", null, "MALE.x", Gender.UNKNOWN, null),
                Arguments.of("...", "other", null, "...", Gender.UNKNOWN, null));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("documentedVoices")
    void everyVoiceStringIsAccepted(String voice, String provider, String model, String voiceId, Gender gender,
            String language) {
        VoiceChoice choice = VoiceCatalog.resolve(voice, null);
        assertThat(choice).isEqualTo(new VoiceChoice(voice, provider, model, voiceId, gender, language));
    }

    @Test
    void nullVoiceIsAcceptedToo() {
        assertThat(VoiceCatalog.resolve(null, null).provider()).isEqualTo("other");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arb", "cmn-CN", "cy-GB", "da-DK", "de-DE", "en-AU", "en-GB", "en-GB-WLS", "en-IN",
        "en-US", "es-ES", "es-MX", "es-US", "fr-CA", "fr-FR", "hi-IN", "is-IS", "it-IT", "ja-JP", "ko-KR", "nb-NO",
        "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sv-SE", "tr-TR"})
    void everyDocumentedLanguageIsCarried(String language) {
        assertThat(VoiceCatalog.isDocumentedLanguage(language)).isTrue();
        assertThat(VoiceCatalog.resolve("female", language).language()).isEqualTo(language);
        assertThat(VoiceCatalog.resolve("Telnyx.KokoroTTS.af", language).language()).isEqualTo(language);
        assertThat(VoiceCatalog.resolve("Azure.en-CA-ClaraNeural", language).language()).isEqualTo(language);
        // Telnyx ignores the language for Polly voices; so do we
        assertThat(VoiceCatalog.resolve("Polly.Joanna", language).language()).isNull();
        assertThat(VoiceCatalog.resolve("AWS.Polly.Joanna-Neural", language).language()).isNull();
    }

    @Test
    void languagesListIsTheDocumentedEnum() {
        assertThat(VoiceCatalog.LANGUAGES).hasSize(29).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "EN-US", "english", "xx-YY", ""})
    void undocumentedLanguagesAreIgnored(String language) {
        assertThat(VoiceCatalog.isDocumentedLanguage(language)).isFalse();
        assertThat(VoiceCatalog.resolve("male", language).language()).isNull();
        assertThat(VoiceCatalog.resolve("Azure.fr-FR-DeniseNeural", language).language()).isEqualTo("fr-FR");
    }

    @Test
    void azureGenderSettingOverridesTheName() {
        assertThat(VoiceCatalog.resolve("Azure.en-US-GuyNeural", null, Map.of("type", "azure", "gender", "Female"))
                .gender()).isEqualTo(Gender.FEMALE);
        assertThat(VoiceCatalog.resolve("Azure.x", null, Map.of("type", "azure", "gender", "Male")).gender())
                .isEqualTo(Gender.MALE);
        assertThat(VoiceCatalog.resolve("female", null, Map.of("type", "aws")).gender()).isEqualTo(Gender.FEMALE);
    }

    static Stream<Arguments> rates() {
        return Stream.of(
                Arguments.of(null, 1.0),
                Arguments.of(Map.of(), 1.0),
                Arguments.of(Map.of("type", "telnyx", "voice_speed", 1.5), 1.5),
                Arguments.of(Map.of("type", "telnyx", "voice_speed", 0.1), 0.5),
                Arguments.of(Map.of("type", "telnyx", "voice_speed", 2.0), 2.0),
                Arguments.of(Map.of("type", "telnyx", "voice_speed", 9), 2.0),
                Arguments.of(Map.of("type", "rime", "voice_speed", 0.8), 0.8),
                Arguments.of(Map.of("type", "minimax", "speed", 1.2, "vol", 1.0, "pitch", 3), 1.2),
                Arguments.of(Map.of("type", "telnyx", "voice_speed", "1.25"), 1.25),
                Arguments.of(Map.of("type", "telnyx", "voice_speed", "fast"), 1.0),
                Arguments.of(Map.of("type", "telnyx", "voice_speed", -1), 1.0),
                Arguments.of(Map.of("type", "elevenlabs", "api_key_ref", "k"), 1.0));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rates")
    void speakingRateFromVoiceSettings(Map<String, ?> settings, double expected) {
        assertThat(VoiceCatalog.speakingRate(settings)).isEqualTo(expected);
    }
}
