package io.voicegather.server.media.tts;

/**
 * What a requested Telnyx voice string means here: the provider it names, its model and voice id when present, a
 * gender hint and the language to speak. Engines use what they can (the built-in voice only the gender; an HTTP
 * engine may also use the language).
 *
 * @param requested the voice string as the API received it
 * @param provider  lower-case provider key: basic, aws, azure, elevenlabs, telnyx, minimax, resemble, inworld,
 *                  fishaudio, xai, rime, humain, or other
 * @param model     the model part when the format has one (e.g. {@code KokoroTTS}), else null
 * @param voiceId   the provider's voice id (e.g. {@code Joanna}, {@code af}), else null
 * @param gender    gender hint from the name; {@link Gender#UNKNOWN} when nothing is known
 * @param language  language tag to speak (e.g. {@code en-US}), or null when none is known
 */
public record VoiceChoice(String requested, String provider, String model, String voiceId, Gender gender,
        String language) {

    /** Gender hint for choosing among local voice variants. */
    public enum Gender { MALE, FEMALE, UNKNOWN }

    /** The built-in default: an unnamed male-sounding voice, language unknown. */
    public static VoiceChoice defaultVoice() {
        return new VoiceChoice("male", "basic", null, null, Gender.MALE, null);
    }
}
